"""The limits of one unpack, their refusals (UnpackError, TEXT) and the collector enforcing them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.sniff import sniff
from bot.unpack.names import safe_filename
from bot.unpack.parts import Part

# User-facing text, Swedish first: one table so the project's translation layer can take it over.
TEXT = {
    "too_deep": "för djup nästling / nesting too deep",
    "too_many": "för många delar (över {limit}) / too many parts (over {limit})",
    "too_big": "för mycket uppackad data (över {limit} byte) / too much unpacked data",
    "bomb": "misstänkt zip-bomb (packningsgrad över {limit}) / suspected zip bomb",
    "bad_zip": "zip-filen är skadad och kan inte öppnas / the zip file is damaged",
    "bad_mail": "e-postmeddelandet kan inte läsas / the email cannot be read",
    "mail_timeout": "e-postmeddelandet avbröts efter {limit} s / reading the email stopped after "
    "{limit} s",
    "mail_memory": "e-postmeddelandet krävde över {limit} MB minne / reading the email stopped "
    "at the memory limit ({limit} MB)",
    "bad_msg": "Outlook-filen (.msg) är skadad och kan inte öppnas / the .msg file is damaged",
    "bad_tnef": "TNEF-filen (winmail.dat) är trasig / broken TNEF (winmail.dat): cannot be read",
    "tnef_timeout": "TNEF-filen (winmail.dat) avbröts efter {limit} s / broken TNEF (winmail.dat): "
    "reading stopped after {limit} s",
    "tnef_memory": "TNEF-filen (winmail.dat) krävde över {limit} MB minne / broken TNEF "
    "(winmail.dat): reading stopped at the memory limit ({limit} MB)",
    "bad_archive": "arkivet är skadat och kan inte öppnas / the archive is damaged",
    "archive_timeout": "arkivet avbröts efter {limit} s / reading the archive stopped after "
    "{limit} s",
    "archive_memory": "arkivet krävde över {limit} MB minne / reading the archive stopped at the "
    "memory limit ({limit} MB)",
    "failed": "kunde inte packas upp ({error}) / could not be unpacked ({error})",
    "encrypted": "bilaga {n} är krypterad / attachment {n} is encrypted",
    "damaged": "bilaga {n} är skadad och hoppades över / attachment {n} is damaged, skipped",
    "unsupported": "bilaga {n} har ett format som inte stöds / attachment {n} is unsupported",
    "link": "bilaga {n} är bara en länk / attachment {n} is only a link",
    "msg_export": "inbäddat meddelande {n} kunde inte tas ut / embedded message {n} not exported",
    "budget_parts": "inlämningen har för många delar (över {limit} sammanlagt) / the submission "
    "has too many parts (over {limit} in all)",
    "budget_bytes": "inlämningen har för mycket uppackad data (över {limit} byte sammanlagt) / "
    "the submission has too much unpacked data (over {limit} bytes in all)",
    "budget_pages": "inlämningen har för många sidor (över {limit} sammanlagt) / the submission "
    "has too many pages (over {limit} in all)",
    "budget_seconds": "inlämningen har tagit för lång tid (över {limit} s sammanlagt) / the "
    "submission took too long (over {limit} s in all)",
}


@dataclass(frozen=True)
class Room:
    """What a submission's budget (bot/budget.py) has left for one container, and its limits."""

    parts: int
    bytes: int
    max_parts: int
    max_bytes: int


@dataclass(frozen=True)
class Limits:
    max_depth: int = 5  # nesting of emails/zips
    max_children: int = 500  # parts per container
    max_total_bytes: int = 500_000_000  # uncompressed bytes per container
    max_ratio: int = 200  # zip compression ratio bound (bomb)
    room: Room | None = None  # the submission's budget left; None: only this container's limits

    @property
    def parts_cap(self) -> int:
        """Parts this container may have: its own limit, or less when the submission is full."""
        return self.max_children if self.room is None else min(self.max_children, self.room.parts)

    @property
    def bytes_cap(self) -> int:
        """Unpacked bytes this container may have, likewise."""
        if self.room is None:
            return self.max_total_bytes
        return min(self.max_total_bytes, self.room.bytes)

    def too_many(self) -> str:
        """The reason when a container has more than parts_cap parts."""
        if self.room is not None and self.room.parts < self.max_children:
            return TEXT["budget_parts"].format(limit=self.room.max_parts)
        return TEXT["too_many"].format(limit=self.max_children)

    def too_big(self) -> str:
        """The reason when a container unpacks to more than bytes_cap bytes."""
        if self.room is not None and self.room.bytes < self.max_total_bytes:
            return TEXT["budget_bytes"].format(limit=self.room.max_bytes)
        return TEXT["too_big"].format(limit=self.max_total_bytes)


class UnpackError(Exception):
    """A whole item cannot be unpacked; the message is user-readable (Swedish / English)."""


class _Collector:
    """Children of one container, counted against the limits as they are added."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.children: list[Part] = []
        self.warnings: list[str] = []
        self.total = 0

    @property
    def next_number(self) -> int:
        return len(self.children) + 1

    def spend(self, size: int) -> None:
        self.total += size
        if self.total > self.limits.bytes_cap:
            raise UnpackError(self.limits.too_big())

    def add(
        self, name: str | None, data: bytes, media_type: str | None = None, inline: bool = False
    ) -> None:
        if len(self.children) >= self.limits.parts_cap:
            raise UnpackError(self.limits.too_many())
        media_type = media_type or sniff(data, name)
        number = self.next_number
        self.children.append(
            Part(safe_filename(name, number, media_type), data, media_type, inline)
        )

    def warn(self, key: str, number: int) -> None:
        self.warnings.append(TEXT[key].format(n=number))

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
}


@dataclass(frozen=True)
class Limits:
    max_depth: int = 5  # nesting of emails/zips
    max_children: int = 500  # parts per container
    max_total_bytes: int = 500_000_000  # uncompressed bytes per container
    max_ratio: int = 200  # zip compression ratio bound (bomb)


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
        if self.total > self.limits.max_total_bytes:
            raise UnpackError(TEXT["too_big"].format(limit=self.limits.max_total_bytes))

    def add(
        self, name: str | None, data: bytes, media_type: str | None = None, inline: bool = False
    ) -> None:
        if len(self.children) >= self.limits.max_children:
            raise UnpackError(TEXT["too_many"].format(limit=self.limits.max_children))
        media_type = media_type or sniff(data, name)
        number = self.next_number
        self.children.append(
            Part(safe_filename(name, number, media_type), data, media_type, inline)
        )

    def warn(self, key: str, number: int) -> None:
        self.warnings.append(TEXT[key].format(n=number))

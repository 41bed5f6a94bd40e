"""What unpacking returns: a container's direct parts, with its metadata, body and warnings."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Part:
    filename: str
    data: bytes
    media_type: str
    inline: bool = False


@dataclass
class Unpacked:
    kind: str  # "email" | "archive" | "document"
    meta: dict[str, object]
    body_text: str | None
    children: list[Part]
    warnings: list[str] = field(default_factory=list)

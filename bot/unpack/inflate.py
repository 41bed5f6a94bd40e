"""Real decompressed-size accounting: bytes counted as they are inflated, never as declared.

`Meter` counts the bytes a reader inflates against a container's limits (the submission's
room included, bot/budget.py) and refuses at the first byte over the total or the packing
ratio; any reader can feed it. `check_zip` inflates every member of a zip-based file (.docx,
.xlsx, .pptx, .odt …) from its raw deflate stream, so a member whose headers lie about its
size is measured by what it really holds, before LibreOffice or python-docx reads it.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from bot.sniff import ZIP
from bot.unpack.archive import RATIO_FLOOR
from bot.unpack.limits import TEXT, Limits, UnpackError

CHUNK = 1 << 16  # compressed bytes fed at a time
OUT = 1 << 20  # inflated bytes taken at a time
MAX_MEMBERS = 10_000  # members of a zip-based document (ocr.direct reads no more either)
_LOCAL = struct.Struct("<4s22xHH")  # signature, then file name and extra field lengths


class Meter:
    """Inflated bytes of one container, against its limits."""

    def __init__(self, packed: int, limits: Limits) -> None:
        self.packed, self.limits, self.inflated = packed, limits, 0

    def spend(self, size: int) -> None:
        self.inflated += size
        if self.inflated > self.limits.bytes_cap:
            raise UnpackError(self.limits.too_big())
        if self.inflated > RATIO_FLOOR and self.inflated > self.packed * self.limits.max_ratio:
            raise UnpackError(TEXT["bomb"].format(limit=self.limits.max_ratio))


def document_refusal(data: bytes, media_type: str, limits: Limits) -> str | None:
    """Why a zip-based document (not a zip archive, which is unpacked) must not be read:
    it inflates past the limits. None for other files and for a zip that cannot be opened
    (its reader says it is damaged)."""
    if media_type == ZIP or not data.startswith(b"PK\x03\x04"):
        return None
    try:
        check_zip(data, limits)
    except UnpackError as error:
        return None if str(error) == TEXT["bad_zip"] else str(error)
    return None


def check_zip(data: bytes, limits: Limits) -> int:
    """The real inflated size of all members of the zip `data`; UnpackError past a limit or
    when the zip cannot be opened."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise UnpackError(TEXT["bad_zip"]) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:  # each is one more pass: a document has hundreds
            raise UnpackError(TEXT["too_many"].format(limit=MAX_MEMBERS))
        meter = Meter(len(data), limits)
        seen: set[int] = set()
        for info in members:
            if info.header_offset not in seen:  # many entries may point at one stream
                seen.add(info.header_offset)
                _inflate(data, archive, info, meter)
    return meter.inflated


def _inflate(data: bytes, archive: zipfile.ZipFile, info: zipfile.ZipInfo,
             meter: Meter) -> None:
    """Count one member's bytes; a member that cannot be located or inflated counts nothing
    (its reader will find it damaged)."""
    offset = info.header_offset
    if offset + _LOCAL.size > len(data):
        return
    signature, name_length, extra_length = _LOCAL.unpack_from(data, offset)
    if signature != b"PK\x03\x04":
        return
    start = offset + _LOCAL.size + name_length + extra_length
    if info.compress_type == zipfile.ZIP_STORED:
        meter.spend(min(info.compress_size, max(len(data) - start, 0)))
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        _deflated(data, start, meter)
    else:  # bzip2, lzma: zipfile's own reader, which stops at the declared size
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(OUT):
                    meter.spend(len(chunk))
        except UnpackError:
            raise
        except Exception:  # edge: a damaged member; its reader will say so
            return


def _deflated(data: bytes, start: int, meter: Meter) -> None:
    """Inflate a raw deflate stream from `start` to its own end (not the declared one)."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    view = memoryview(data)
    try:
        for at in range(start, len(data), CHUNK):
            pending = bytes(view[at : at + CHUNK])
            while pending and not inflater.eof:
                meter.spend(len(inflater.decompress(pending, OUT)))
                pending = inflater.unconsumed_tail
            if inflater.eof:
                return
    except zlib.error:
        return

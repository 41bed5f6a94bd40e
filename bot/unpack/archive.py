"""Unpack a zip archive member by member, refusing zip bombs before and while inflating."""

from __future__ import annotations

import io
import zipfile
import zlib

import bot.unpack as package  # the bomb check is looked up there when called: tests replace it
from bot.unpack.limits import TEXT, Limits, UnpackError, _Collector
from bot.unpack.names import safe_path
from bot.unpack.parts import Unpacked

# Ratios are only checked above this size: a tiny, very compressible file is no bomb.
RATIO_FLOOR = 1_000_000
_CHUNK = 1 << 20


def _unpack_zip(data: bytes, limits: Limits) -> Unpacked:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        # not ZipInfo.is_dir(): it reads filename[-1], and one empty name failed the whole zip
        members = [info for info in archive.infolist() if not info.filename.endswith("/")]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise UnpackError(TEXT["bad_zip"]) from exc
    with archive:
        package._check_central_directory(members, len(data), limits)
        found = _Collector(limits)
        paths: list[str] = []
        for number, info in enumerate(members, 1):
            content = _read_member(archive, info, found, number)
            if content is not None:
                found.add(info.filename, content)
                paths.append(safe_path(info.filename))
    return Unpacked("archive", {"member_paths": paths}, None, found.children, found.warnings)


def _check_central_directory(members: list[zipfile.ZipInfo], size: int, limits: Limits) -> None:
    """Refuse bombs from the declared sizes, before a single byte is inflated."""
    if len(members) > limits.parts_cap:
        raise UnpackError(limits.too_many())
    declared = sum(info.file_size for info in members)
    if declared > limits.bytes_cap:
        raise UnpackError(limits.too_big())
    if declared > RATIO_FLOOR and declared > size * limits.max_ratio:
        raise UnpackError(TEXT["bomb"].format(limit=limits.max_ratio))
    for info in members:
        if info.file_size > RATIO_FLOOR and info.file_size > info.compress_size * limits.max_ratio:
            raise UnpackError(TEXT["bomb"].format(limit=limits.max_ratio))


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, found: _Collector, number: int
) -> bytes | None:
    """Inflate one member in chunks, counting every byte; None (and a warning) if unreadable."""
    if info.flag_bits & 0x1:
        found.warn("encrypted", number)
        return None
    chunks: list[bytes] = []
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                found.spend(len(chunk))
                chunks.append(chunk)
    except NotImplementedError:
        found.warn("unsupported", number)
        return None
    except UnpackError:
        raise  # a limit: the whole container
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        found.warn("damaged", number)
        return None
    except Exception:  # edge: one member may break zipfile anyhow; its neighbours are read
        found.warn("damaged", number)
        return None
    return b"".join(chunks)

"""Which media types are containers, and unpack(): each handed to the handler for its type."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from bot.sniff import BZIP2, EMAIL, GZIP, MSG, RAR, SEVEN_ZIP, TAR, TNEF, XZ, ZIP
from bot.unpack.archive import _unpack_zip
from bot.unpack.limits import TEXT, Limits, UnpackError
from bot.unpack.mail import _unpack_email
from bot.unpack.outlook import _unpack_msg
from bot.unpack.packed import unpack_packed
from bot.unpack.parts import Unpacked
from bot.unpack.tnef import _unpack_tnef

PACKED = (SEVEN_ZIP, RAR, TAR, GZIP, BZIP2, XZ)  # read by libarchive (bot/unpack/packed.py)
CONTAINER_TYPES = frozenset({EMAIL, MSG, ZIP, TNEF, *PACKED})


def is_container(media_type: str) -> bool:
    """True for the media types that unpack() splits into children."""
    return media_type in CONTAINER_TYPES


def unpack(
    data: bytes, media_type: str, filename: str, depth: int = 0,
    limits: Limits = Limits(),  # noqa: B008 (frozen: a constant)
) -> Unpacked:
    """Split `data` into its direct children; the caller recurses with depth + 1."""
    handler = _HANDLERS.get(media_type)
    if handler is None:
        return Unpacked(kind="document", meta={}, body_text=None, children=[])
    if depth > limits.max_depth:
        raise UnpackError(TEXT["too_deep"])
    try:
        if media_type in PACKED:  # a lone compressed file is named after its container
            return unpack_packed(media_type, data, limits, filename)
        return handler(data, limits)
    except UnpackError:
        raise
    except Exception as exc:  # edge: parsers of hostile input may raise anything
        raise UnpackError(TEXT["failed"].format(error=type(exc).__name__)) from exc


_HANDLERS: dict[str, Callable[[bytes, Limits], Unpacked]] = {
    EMAIL: _unpack_email, MSG: _unpack_msg, TNEF: _unpack_tnef, ZIP: _unpack_zip,
    **{media_type: partial(unpack_packed, media_type) for media_type in PACKED},
}

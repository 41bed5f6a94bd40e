"""Split one container (email, Outlook .msg, zip, TNEF) into its direct parts, within limits.

A module per job: ``containers`` (which types are containers; unpack() dispatches on type),
``limits`` (limits, refusals, the collector), ``parts`` (what unpack() returns), ``names``
(safe display names), ``charsets``, ``headers`` and ``htmltext`` (decoding), and one unpacker
per format: ``mail``, ``outlook``, ``archive`` (zip), ``tnef``. Import from here.
"""

from __future__ import annotations

from bot.unpack.archive import RATIO_FLOOR, _check_central_directory
from bot.unpack.charsets import decode_text
from bot.unpack.containers import CONTAINER_TYPES, is_container, unpack
from bot.unpack.htmltext import html_to_text
from bot.unpack.limits import TEXT, Limits, UnpackError
from bot.unpack.names import MAX_FILENAME, safe_filename, safe_path
from bot.unpack.parts import Part, Unpacked

__all__ = [
    "CONTAINER_TYPES",
    "MAX_FILENAME",
    "RATIO_FLOOR",
    "TEXT",
    "Limits",
    "Part",
    "UnpackError",
    "Unpacked",
    "_check_central_directory",
    "decode_text",
    "html_to_text",
    "is_container",
    "safe_filename",
    "safe_path",
    "unpack",
]

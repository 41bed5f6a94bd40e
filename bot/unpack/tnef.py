"""TNEF (winmail.dat): refused for now, and why."""

from __future__ import annotations

from bot.unpack.limits import TEXT, Limits, UnpackError
from bot.unpack.parts import Unpacked


def _unpack_tnef(data: bytes, limits: Limits) -> Unpacked:
    # tnefparse (PyPI) would read these, but 1.4.0 loops without bound on a corrupt
    # multi-value count (POI's oom.tnef): it may only run in a worker with memory/time limits.
    raise UnpackError(TEXT["no_tnef"])

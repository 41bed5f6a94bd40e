"""The pipeline as a visible, ordered list: which stage moves an item on from each state."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from bot.context import Context
from bot.models import Item
from bot.stages import Outcome
from bot.stages.extract import extract
from bot.stages.queue import enqueue
from bot.stages.split import split
from bot.stages.unpack import unpack_item
from bot.states import EXTRACTED, MATCHED, RECEIVED, UNPACKED

Stage = Callable[[Context, Session, Item], Outcome]

PIPELINE: dict[str, Stage] = {
    RECEIVED: unpack_item,  # -> unpacked | duplicate | skipped (archives) | failed
    UNPACKED: extract,  # -> extracted | skipped (logos, empty, unknown types)
    EXTRACTED: split,  # -> split (parts, each extracted) | matched (one document)
    MATCHED: enqueue,  # -> queued | duplicate
}

__all__ = ["PIPELINE", "Outcome", "Stage"]

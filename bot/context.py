"""What every stage needs, built once per process: settings, database, blob store, grammar."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from bot.blobs import BlobStore
from bot.casenumbers import DEFAULT_GRAMMAR, Grammar
from bot.db import open_engine
from bot.settings import Settings


@dataclass
class Context:
    settings: Settings
    engine: Engine
    blobs: BlobStore
    grammar: Grammar


def open_context(settings: Settings) -> Context:
    settings.home.mkdir(parents=True, exist_ok=True)
    grammar = DEFAULT_GRAMMAR
    if settings.board_prefixes:
        grammar = Grammar(boards=tuple(b.upper() for b in settings.board_prefixes))
    return Context(settings, open_engine(settings.db_url), BlobStore(settings.blob_path), grammar)

"""Which queued items a bulk confirmation takes — one selection for the web's bulk confirm and for
`diariebot confirm --high`: the best proposal is high for the whole (case and record), and when
it names a document record, high for the record too (`doc_confidence` null or high) — and the
confirming itself, in batches of one transaction each, audited as `bulk_confirm`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlalchemy import and_, or_
from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot.db import session_scope
from bot.decisions import bulk_confirm
from bot.models import Proposal, QueueEntry
from bot.settings import Settings
from bot.states import QUEUED

MAX_PER_POST = 5000  # items one bulk confirmation takes at most
BATCH = 200  # items per transaction


def bulk_query(*conditions: ColumnElement[bool]) -> SelectOfScalar[QueueEntry]:
    """The queue rows (QueueEntry) a bulk confirmation takes, meeting `conditions` too."""
    best = and_(col(Proposal.item_id) == col(QueueEntry.item_id), col(Proposal.rank) == 0)
    return (select(QueueEntry).join(Proposal, best)
            .where(col(QueueEntry.state) == QUEUED, col(QueueEntry.confidence) == "high",
                   col(Proposal.confidence) == "high",
                   or_(col(Proposal.doc_confidence).is_(None),
                       col(Proposal.doc_confidence) == "high"), *conditions))


def bulk_ids(engine: Engine, conditions: Sequence[ColumnElement[bool]] = (),
             upto: int | None = None, limit: int = MAX_PER_POST) -> list[int]:
    """The items' ids, oldest first; none that arrived after `upto` (what the registrar saw)."""
    where = [*conditions, *([col(QueueEntry.item_id) <= upto] if upto is not None else [])]
    query = bulk_query(*where).with_only_columns(col(QueueEntry.item_id))
    with session_scope(engine) as session:
        return list(session.execute(query.order_by(col(QueueEntry.item_id)).limit(limit))
                    .scalars().all())


def confirm_all(engine: Engine, ids: list[int], actor: str) -> int:
    """Confirm their best proposals, a batch per transaction; returns how many were filed."""
    done = 0
    for start in range(0, len(ids), BATCH):
        with session_scope(engine) as session:
            done += bulk_confirm(session, ids[start:start + BATCH], actor)
    return done


def cmd_confirm(args: argparse.Namespace, settings: Settings) -> int:
    from bot.auth import find_user
    from bot.context import open_context
    from bot.web.facets import SyncState, sync

    engine = open_context(settings).engine
    with session_scope(engine) as session:
        user = find_user(session, args.user)
        if user is None or not user.active:
            print(f"{args.user}: inget aktivt konto / no active account", file=sys.stderr)
            return 2
        sync(session, SyncState())  # the queue rows must reflect the items first
    board = [col(QueueEntry.board) == args.board.upper()] if args.board else []
    ids = bulk_ids(engine, board, limit=sys.maxsize)
    done = confirm_all(engine, ids, user.username)
    print(f"{done} av {len(ids)} poster bekräftade / of {len(ids)} items confirmed")
    return 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    confirm = sub.add_parser("confirm", help="bekräfta förslag i grupp / confirm proposals in bulk")
    confirm.add_argument("--high", action="store_true", required=True,
                         help="de säkra, som i webbens gruppbekräftelse / the certain ones, as "
                              "the web's bulk confirm")
    confirm.add_argument("--board", help="bara denna nämnd, t.ex. KS / only this board, e.g. KS")
    confirm.add_argument("--user", required=True,
                         help="registratorns konto, skrivs i granskningsloggen / the registrar's "
                              "account, written to the audit trail")
    confirm.set_defaults(handler=cmd_confirm)

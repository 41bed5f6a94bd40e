"""The coverage numbers worked out the slow, obvious way from the registry and the confirmed items,
to hold the fast SQL against."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot.decisions import CONFIRMING
from bot.models import Case, Decision, Item, Proposal, RegistryDocument


@dataclass
class Truth:
    records: Counter[str]  # per board
    recovered: set[int]  # record ids with a confirmed file
    proposed: set[int]  # missing record ids named by the best proposal of a queued item
    board_of: dict[int, str]
    year_of: dict[int, int]


def truth(session: Session) -> Truth:
    cases = {c.id: c for c in session.exec(select(Case))}
    docs = list(session.exec(select(RegistryDocument)))
    board_of = {d.id or 0: cases[d.case_id].board_key for d in docs}
    year_of = {d.id or 0: cases[d.case_id].year for d in docs}
    latest: dict[int, Decision] = {}
    for decision in session.exec(select(Decision).order_by(col(Decision.id))):
        if decision.action in CONFIRMING:
            latest[decision.item_id] = decision
    states = {i.id: i.state for i in session.exec(select(Item))}
    recovered = {d.document_id for item, d in latest.items()
                 if states[item] == "confirmed" and d.document_id}
    proposed = {p.document_id for p in session.exec(select(Proposal).where(Proposal.rank == 0))
                if p.document_id and states[p.item_id] == "queued"
                and p.document_id not in recovered}
    return Truth(Counter(board_of.values()), recovered, proposed,  # type: ignore[arg-type]
                 board_of, year_of)

"""Who may hold a copy of a missing record, each with the reason: the case's handler, the record's
counterpart (who received or sent it), colleagues whose earlier submissions were filed in the same
case or board, and the board's secretary for protocols. Only people the registry or the intake
names; an address only when the directory (settings) or the intake gave one — never guessed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as columns
from sqlmodel import Session, col

from bot.decisions import CONFIRMING
from bot.models import Case, Decision, Item, RecordProfile, RegistryDocument, Submission
from bot.receipts import ADDRESS, NO_REPLY
from bot.settings import Settings
from bot.states import CONFIRMED

PROTOCOLS = ("protokoll", "protokollsutdrag")
BOARD_COLLEAGUES = 3  # the most active submitters of a board are named, not all of them
ROLE_ORDER = ("handler", "secretary", "colleague_case", "counterpart", "colleague_board")


@dataclass(frozen=True)
class Reason:
    """Why this person: a role (handler, counterpart, colleague_case, colleague_board,
    secretary), the board it concerns and how many of their submissions were filed there."""

    role: str
    board: str = ""
    n: int = 0


@dataclass
class Holder:
    """One person (or office) who may hold a copy, and every reason to think so."""

    name: str | None
    address: str | None
    reasons: list[Reason] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.address or f"name:{fold(self.name)}"

    @property
    def rank(self) -> int:
        return min(ROLE_ORDER.index(r.role) for r in self.reasons)


def fold(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


def valid_address(value: str | None) -> str | None:
    address = (value or "").strip().lower()
    if not ADDRESS.match(address) or NO_REPLY.match(address.split("@")[0]):
        return None
    return address


class Directory:
    """Names to addresses, from the `staff_addresses` setting; boards to their secretaries."""

    def __init__(self, settings: Settings) -> None:
        self.people = {fold(name): valid_address(address)
                       for name, address in settings.staff_addresses.items()}
        self.secretaries = {board.upper(): valid_address(address)
                            for board, address in settings.board_secretaries.items()}
        self.own = {a for a in (valid_address(settings.receipt_from),
                                valid_address(settings.intake_address)) if a}

    def address_of(self, name: str | None) -> str | None:
        """The directory's address for a name, or the name itself when it is an address."""
        return self.people.get(fold(name)) or valid_address(name)


@dataclass
class Colleagues:
    """Submitters with confirmed items, per case and per board: (address, how many)."""

    by_case: dict[int, list[tuple[str, int]]]
    by_board: dict[str, list[tuple[str, int]]]


def _filed(session: Session, key: Any, values: set[Any]) -> dict[Any, list[tuple[str, int]]]:
    """Per case id or board: (submitter, confirmed items) for items filed by a confirmation,
    most items first."""
    query = (columns(key, col(Submission.submitter), func.count(func.distinct(col(Item.id))))
             .select_from(Decision).join(Item, col(Item.id) == col(Decision.item_id))
             .join(Submission, col(Submission.id) == col(Item.submission_id))
             .join(Case, col(Case.id) == col(Decision.case_id))
             .where(col(Item.state) == CONFIRMED, col(Decision.action).in_(CONFIRMING),
                    col(Submission.submitter).is_not(None), key.in_(values))
             .group_by(key, col(Submission.submitter)))
    found: dict[Any, list[tuple[str, int]]] = {}
    for group, submitter, n in session.execute(query).all() if values else []:
        found.setdefault(group, []).append((submitter, int(n)))
    for pairs in found.values():
        pairs.sort(key=lambda pair: (-pair[1], pair[0]))
    return found


def _people(found: dict[Any, list[tuple[str, int]]], directory: Directory
            ) -> dict[Any, list[tuple[str, int]]]:
    """Only valid addresses, never the bot's own."""
    kept: dict[Any, list[tuple[str, int]]] = {}
    for group, pairs in found.items():
        for submitter, n in pairs:
            address = valid_address(submitter)
            if address and address not in directory.own:
                kept.setdefault(group, []).append((address, n))
    return kept


def colleagues(session: Session, case_ids: Iterable[int], boards: Iterable[str],
               directory: Directory) -> Colleagues:
    return Colleagues(_people(_filed(session, col(Case.id), set(case_ids)), directory),
                      _people(_filed(session, col(Case.board_key), set(boards)), directory))


def _candidates(doc: RegistryDocument, case: Case, profile: RecordProfile,
                directory: Directory, found: Colleagues) -> list[tuple[str | None, str | None,
                                                                        Reason]]:
    named: list[tuple[str | None, str | None, Reason]] = []
    if case.handler:
        named.append((case.handler, directory.address_of(case.handler), Reason("handler")))
    if profile.kind in PROTOCOLS and directory.secretaries.get(case.board_key):
        named.append((None, directory.secretaries[case.board_key],
                      Reason("secretary", case.board_key)))
    for address, n in found.by_case.get(case.id or 0, []):
        named.append((None, address, Reason("colleague_case", n=n)))
    if doc.counterpart and doc.direction in ("incoming", "outgoing"):
        named.append((doc.counterpart, directory.address_of(doc.counterpart),
                      Reason("counterpart")))
    for address, n in found.by_board.get(case.board_key, [])[:BOARD_COLLEAGUES]:
        named.append((None, address, Reason("colleague_board", case.board_key, n)))
    return named


def holders(doc: RegistryDocument, case: Case, profile: RecordProfile, directory: Directory,
            found: Colleagues) -> list[Holder]:
    """The people who may hold a copy of this record, one entry per person with all reasons,
    most likely first (the handler, the secretary, colleagues of the case, the counterpart)."""
    merged: dict[str, Holder] = {}
    for name, address, reason in _candidates(doc, case, profile, directory, found):
        holder = Holder(name, address)
        holder = merged.setdefault(holder.key, holder)
        holder.name = holder.name or name
        holder.reasons.append(reason)
    return sorted(merged.values(), key=lambda h: (h.rank, h.key))

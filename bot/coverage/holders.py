"""Who may hold a copy of a missing record, each with the reason: the case's handler, the record's
counterpart (who received or sent it), colleagues whose earlier submissions were filed in the same
case or board, and the board's secretary for protocols. Only people the registry or the intake
names; an address only when the directory (settings) or the intake gave one — never guessed. A
colleague who sent copies in by chat is reached in that chat (their user id on that channel)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from bot.decisions import CONFIRMING
from bot.models import (
    Case,
    ChatContact,
    Decision,
    Item,
    RecordProfile,
    RegistryDocument,
    Submission,
)
from bot.receipts import ADDRESS, NO_REPLY
from bot.settings import Settings
from bot.states import CONFIRMED

PROTOCOLS = ("protokoll", "protokollsutdrag")
BOARD_COLLEAGUES = 3  # the most active submitters of a board are named, not all of them
ROLE_ORDER = ("handler", "secretary", "colleague_case", "counterpart", "colleague_board")
EMAIL = "email"


@dataclass(frozen=True)
class Reason:
    """Why this person: a role (handler, counterpart, colleague_case, colleague_board,
    secretary), the board it concerns and how many of their submissions were filed there."""

    role: str
    board: str = ""
    n: int = 0


@dataclass
class Holder:
    """One person (or office) who may hold a copy, and every reason to think so; `address` is
    on `channel`: an email address, or a chat channel's user id."""

    name: str | None
    address: str | None
    reasons: list[Reason] = field(default_factory=list)
    channel: str = EMAIL

    @property
    def key(self) -> str:
        if self.address is None:
            return f"name:{fold(self.name)}"
        return self.address if self.channel == EMAIL else f"{self.channel}:{self.address}"

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


Filed = tuple[str, str, int]  # channel (email or a chat channel), address on it, items filed


@dataclass
class Colleagues:
    """Submitters with confirmed items, per case and per board, most items first."""

    by_case: dict[int, list[Filed]]
    by_board: dict[str, list[Filed]]


def _filed(session: Session, key: Any, values: set[Any] | None) -> dict[Any, list[Filed]]:
    """Per case id or board (those in `values`, None: all): (channel, submitter, confirmed
    items) for items filed by a confirmation."""
    query = (columns(key, col(Submission.channel), col(Submission.submitter),
                     func.count(func.distinct(col(Item.id))))
             .select_from(Decision).join(Item, col(Item.id) == col(Decision.item_id))
             .join(Submission, col(Submission.id) == col(Item.submission_id))
             .join(Case, col(Case.id) == col(Decision.case_id))
             .where(col(Item.state) == CONFIRMED, col(Decision.action).in_(CONFIRMING),
                    col(Submission.submitter).is_not(None))
             .group_by(key, col(Submission.channel), col(Submission.submitter)))
    if values is not None:
        query = query.where(key.in_(values))
    found: dict[Any, list[Filed]] = {}
    for group, channel, submitter, n in session.execute(query).all() if values != set() else []:
        found.setdefault(group, []).append((channel, submitter, int(n)))
    return found


# Every board's submitters, kept until the next decision: counting a board's confirmed items
# reads all its decisions (0.4 s at 135,000), a case's only its own (by ix_decision_case_id).
_BOARDS: dict[str, tuple[tuple[Any, ...], dict[Any, list[Filed]]]] = {}


def _boards_filed(session: Session, boards: set[str]) -> dict[Any, list[Filed]]:
    stamp = tuple(session.execute(columns(func.max(col(Decision.id)),
                                          func.count(col(Decision.id)))).one())
    where = str(session.get_bind().engine.url)
    if _BOARDS.get(where, ((), {}))[0] != stamp:
        _BOARDS[where] = (stamp, _filed(session, col(Case.board_key), None))
    every = _BOARDS[where][1]
    return {board: every[board] for board in boards if board in every}


def _chatters(session: Session, found: dict[Any, list[Filed]]) -> set[tuple[str, str]]:
    """(channel, user id) of the submitters the bot knows as chat contacts."""
    users = {submitter for rows in found.values() for _, submitter, _ in rows}
    if not users:
        return set()
    return {(c, u) for c, u in session.exec(select(ChatContact.channel, ChatContact.user_id)
                                            .where(col(ChatContact.user_id).in_(users))).all()}


def _people(session: Session, found: dict[Any, list[Filed]], directory: Directory
            ) -> dict[Any, list[Filed]]:
    """Valid email addresses (never the bot's own) and known chat contacts, one entry per
    person (their items added up), most items first."""
    chat = _chatters(session, found)
    kept: dict[Any, dict[tuple[str, str], int]] = {}
    for group, rows in found.items():
        for channel, submitter, n in rows:
            address = valid_address(submitter)
            if address and address not in directory.own:
                person = (EMAIL, address)
            elif (channel, submitter) in chat:
                person = (channel, submitter)
            else:
                continue
            people = kept.setdefault(group, {})
            people[person] = people.get(person, 0) + n
    return {group: sorted(((c, a, n) for (c, a), n in people.items()),
                          key=lambda row: (-row[2], row[1]))
            for group, people in kept.items()}


def colleagues(session: Session, case_ids: Iterable[int], boards: Iterable[str],
               directory: Directory) -> Colleagues:
    return Colleagues(_people(session, _filed(session, col(Case.id), set(case_ids)), directory),
                      _people(session, _boards_filed(session, set(boards)), directory))


def _candidates(doc: RegistryDocument, case: Case, profile: RecordProfile,
                directory: Directory, found: Colleagues) -> list[Holder]:
    named: list[Holder] = []
    if case.handler:
        named.append(Holder(case.handler, directory.address_of(case.handler), [Reason("handler")]))
    if profile.kind in PROTOCOLS and directory.secretaries.get(case.board_key):
        named.append(Holder(None, directory.secretaries[case.board_key],
                            [Reason("secretary", case.board_key)]))
    for channel, address, n in found.by_case.get(case.id or 0, []):
        named.append(Holder(None, address, [Reason("colleague_case", n=n)], channel))
    if doc.counterpart and doc.direction in ("incoming", "outgoing"):
        named.append(Holder(doc.counterpart, directory.address_of(doc.counterpart),
                            [Reason("counterpart")]))
    for channel, address, n in found.by_board.get(case.board_key, [])[:BOARD_COLLEAGUES]:
        named.append(Holder(None, address, [Reason("colleague_board", case.board_key, n)],
                            channel))
    return named


def holders(doc: RegistryDocument, case: Case, profile: RecordProfile, directory: Directory,
            found: Colleagues) -> list[Holder]:
    """The people who may hold a copy of this record, one entry per person with all reasons,
    most likely first (the handler, the secretary, colleagues of the case, the counterpart)."""
    merged: dict[str, Holder] = {}
    for named in _candidates(doc, case, profile, directory, found):
        holder = merged.setdefault(named.key, Holder(named.name, named.address,
                                                     channel=named.channel))
        holder.name = holder.name or named.name
        holder.reasons += named.reasons
    return sorted(merged.values(), key=lambda h: (h.rank, h.key))

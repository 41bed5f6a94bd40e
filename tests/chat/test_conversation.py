"""The conversation without a chat server: exactly-once intake, commands, who may see what,
language, masking, the question and its answer, batched confirmations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlmodel import select

from bot.chat.conversation import handle
from bot.chat.mask import mask
from bot.chat.service import ChatService
from bot.db import session_scope
from bot.decisions import confirm, reassign
from bot.models import Case, ChatMessage, Item, Submission
from bot.states import QUEUED
from bot.worker import run_until_idle
from connectors.chat import ChatEvent, ChatFile, ChatOptions
from tests.conftest import make_pdf


@dataclass
class Channel:
    """A chat channel that keeps what the bot writes (the real ones are tested in
    test_matrix.py and test_teams.py)."""

    name: str = "chat"
    chat: ChatOptions = field(default_factory=lambda: ChatOptions(registrars=("@reg:k.se",)))
    sent: list[tuple[dict[str, Any], str, str | None]] = field(default_factory=list)

    def open(self, deliver): ...
    def close(self): ...
    def check(self): return []

    def send(self, address, text, thread, key):
        self.sent.append((address, text, thread))


def file_event(event_id: str, sender: str, name: str, lines: list[str]) -> ChatEvent:
    return ChatEvent(event_id, sender, files=(ChatFile(name, make_pdf(lines), "application/pdf"),),
                     address={"room": "!r"})


def text(event_id: str, sender: str, body: str) -> ChatEvent:
    return ChatEvent(event_id, sender, text=body, address={"room": "!r"})


def test_a_redelivered_event_creates_nothing_and_is_not_answered_twice(registry):
    channel = Channel()
    event = file_event("$1", "@anna:k.se", "a.pdf", ["Dnr KS 2021/0456"])
    handle(registry, channel, event)
    handle(registry, channel, event)
    assert handle(registry, channel, text("$2", "@anna:k.se", "hjälp"))
    assert handle(registry, channel, text("$2", "@anna:k.se", "hjälp")) == []
    with session_scope(registry.engine) as session:
        subs = session.exec(select(Submission)).all()
    assert [(s.channel, s.source_ref, s.submitter) for s in subs] == [("chat", "$1", "@anna:k.se")]


def test_english_in_english_and_swedish_otherwise(registry):
    channel = Channel()
    assert handle(registry, channel, text("$1", "@a:k.se", "help"))[0].text.startswith("Hi!")
    assert handle(registry, channel, text("$2", "@a:k.se", "status"))[0].text.startswith("You")
    assert handle(registry, channel, text("$3", "@a:k.se", "hjälp"))[0].text.startswith("Hej!")


def test_missing_records_only_for_registrars_and_those_who_submitted_to_the_case(registry):
    channel = Channel()
    ask = "saknas KS 2021/0456"
    unseen = handle(registry, channel, text("$1", "@eve:k.se", ask))[0].text
    assert unseen.startswith("Jag hittar inget ärende KS 2021/0456")
    listed = handle(registry, channel, text("$2", "@reg:k.se", ask))[0].text
    assert "3 handlingar saknar fortfarande fil" in listed and "KS 2021/0456-2" in listed
    handle(registry, channel, file_event("$3", "@eve:k.se", "b.pdf", ["Dnr KS 2021/0456-2"]))
    run_until_idle(registry)
    assert "KS 2021/0456-3" in handle(registry, channel, text("$4", "@eve:k.se", ask))[0].text


@pytest.mark.parametrize("raw", ["850101-1234", "19850101-1234", "8501011234", "850161 1234"])
def test_personnummer_are_masked(raw):
    assert mask(f"Ansökan från {raw} om bygglov") == "Ansökan från [personnummer] om bygglov"


def test_case_numbers_and_dates_are_not_masked():
    line = "KS 2021/0456-3, 2021-05-10, 202105, tel 031-123 45 67"
    assert mask(line) == line


def test_a_file_name_with_a_personnummer_never_reaches_the_chat(registry):
    channel = Channel()
    service = ChatService(registry, [channel])
    handle(registry, channel, file_event("$1", "@a:k.se", "intyg 850101-1234.pdf", ["Hej"]))
    run_until_idle(registry)
    service.tick()
    assert channel.sent and all("850101" not in t for _, t, _ in channel.sent)
    status = handle(registry, channel, text("$2", "@a:k.se", "status"))[0].text
    assert "[personnummer]" in status and "850101" not in status


def test_question_answer_becomes_evidence_and_confirmations_are_batched(registry):
    channel = Channel()
    service = ChatService(registry, [channel])
    registry.settings.receipt_batch_seconds = 0
    handle(registry, channel, file_event("$1", "@a:k.se", "x.pdf", ["Mötesanteckningar"]))
    handle(registry, channel, file_event("$2", "@a:k.se", "y.pdf", ["Ännu en anteckning"]))
    run_until_idle(registry)
    service.tick()
    bodies = [t for _, t, _ in channel.sent]
    assert bodies[0].startswith("Tack! 2 handlingar mottagna: 2 utan förslag ännu")
    assert bodies[1:] == ["Vilket ärende gäller x.pdf? Svara med diarienummer eller 'vet ej'."]
    reply = handle(registry, channel, text("$3", "@a:k.se", "vet ej"))[0].text
    assert "registratorn avgöra" in reply
    service.tick()
    assert channel.sent[-1][1].startswith("Vilket ärende gäller y.pdf?")  # one at a time
    handle(registry, channel, text("$4", "@a:k.se", "BN 2021/0456"))
    with session_scope(registry.engine) as session:
        items = session.exec(select(Item).where(Item.state == QUEUED)).all()
        assert [h["text"] for i in items for h in i.meta["hints"]] == ["vet ej / don't know",
                                                                       "BN 2021/0456"]
        case = session.exec(select(Case).where(Case.case_number == "KS 2020/0102")).one()
        reassign(session, items[0].id, "registrator", case.id, None)  # no proposal: by search
        confirm(session, items[1].id, "registrator")  # the answer made the proposal
    service.tick()
    notice = channel.sent[-1][1]
    assert notice.startswith("Registrerat i diariet:")
    assert "x.pdf: KS 2020/0102" in notice and "y.pdf: BN 2021/0456" in notice
    service.tick()
    with session_scope(registry.engine) as session:
        kinds = [m.kind for m in session.exec(select(ChatMessage).where(
            ChatMessage.state == "sent", ChatMessage.kind != "reply"))]
    assert kinds.count("receipt") == 1 and kinds.count("question") == 2

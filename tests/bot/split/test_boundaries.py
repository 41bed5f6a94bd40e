"""Proposed boundaries in a scan without separators: where a new document starts, with the
reasons the registrar sees; continuation pages are not cut."""

from __future__ import annotations

from bot.casenumbers import DEFAULT_GRAMMAR
from bot.split.boundaries import propose, ranges
from bot.split.signals import PageSignal

LETTER_1 = ["Exempelby kommun", "Byggnadsnämnden", "2021-02-11", "Dnr BN 2021/0456",
            "Bergström Bygg AB", "Box 12", "123 45 Exempelby", "BESLUT", "Bygglov beviljas."]
LETTER_1_P2 = ["Exempelby kommun", "Byggnadsnämnden", "Fortsättning", "Skäl för beslutet.",
               "Med vänlig hälsning", "Eva Sten", "Bygglovshandläggare"]
LETTER_2 = ["Länsstyrelsen i Västra Götalands län", "Datum 2021-04-05", "Dnr KS 2021/0456",
            "Exempelby kommun", "Box 100", "123 45 Exempelby", "YTTRANDE", "Synpunkter."]
MEMO_P1 = ["Exempelby kommun", "Tjänsteskrivelse", "Sida 1 av 2", "Dnr KS 2020/0102",
           "Delårsrapport"]
MEMO_P2 = ["Exempelby kommun", "Tjänsteskrivelse", "Sida 2 av 2", "Dnr KS 2020/0102",
           "Förslag till beslut."]


def _signals(*pages: list[str]) -> list[PageSignal]:
    return [PageSignal(n, "\n".join(p), False) for n, p in enumerate(pages, start=1)]


def test_new_documents_are_proposed_with_reasons_and_continuations_are_not():
    signals = _signals(LETTER_1, LETTER_1_P2, LETTER_2, MEMO_P1, MEMO_P2)
    found = propose(signals, DEFAULT_GRAMMAR)
    assert [b.page for b in found] == [3, 4]
    assert any("new case number KS 2021/0456" in r for r in found[0].reasons)
    assert any("signature" in r for r in found[0].reasons)
    assert any("page 1 of N" in r for r in found[1].reasons)
    assert ranges(signals, found) == "1-2, 3, 4-5"


def test_page_k_of_n_holds_a_document_together_despite_a_new_number():
    signals = _signals(MEMO_P1, ["Sida 2 av 2", "Dnr KS 2021/0456", "Bilaga"])
    assert propose(signals, DEFAULT_GRAMMAR) == []


def test_a_single_document_gets_no_proposal():
    assert propose(_signals(LETTER_1, LETTER_1_P2), DEFAULT_GRAMMAR) == []


AGENDA = ["Exempelby kommun", "KALLELSE", "Kommunstyrelsen kallas till sammanträde",
          "Tid: 2021-03-15 kl. 13.00", "Föredragningslista",
          "1. Val av justerare", "2. Delårsrapport, Dnr KS 2020/0102",
          "3. Yttrande över detaljplan, Dnr KS 2021/0456", "4. Bygglov Kvarnbacken, Dnr BN 2021/0456"]


def test_a_meeting_pack_is_proposed_as_its_agenda_and_each_case_document():
    pages = _signals(AGENDA, MEMO_P1, MEMO_P2, LETTER_2, LETTER_1, LETTER_1_P2)
    found = propose(pages, DEFAULT_GRAMMAR)
    assert [b.page for b in found] == [2, 4, 5]
    assert "agenda" in found[0].reasons[0]
    # the agenda names every case: the documents' own numbers still count as new
    assert any("new case number KS 2021/0456" in r for r in found[1].reasons)
    assert ranges(pages, found) == "1, 2-3, 4, 5-6"


def test_a_letter_with_a_numbered_list_is_no_meeting_pack():
    listing = ["Exempelby kommun", "Dnr KS 2021/0456", "Svar på er fråga om sammanträde",
               "1. Kallelse skickas en vecka före.", "2. Handlingar finns på webben.",
               "3. Protokollet justeras inom två veckor."]
    found = propose(_signals(listing, LETTER_1_P2), DEFAULT_GRAMMAR)
    assert found == []

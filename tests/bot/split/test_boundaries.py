"""Proposed boundaries in a scan without separators: where a new document starts, with the
reasons the registrar sees; continuation pages are not cut."""

from __future__ import annotations

from bot.casenumbers import DEFAULT_GRAMMAR
from bot.split.boundaries import propose, ranges
from bot.split.pack import by_meeting_pack
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


FOOTER = "Exempelby kommun · Box 100 · 123 45 Exempelby · Växel 0000-00 00 00"
BODY = ("Handlingarna har granskats och bedöms vara tillräckliga för att pröva ärendet och "
        "underlaget har stämts av med berörda förvaltningar.")
NOTICE = ["Exempelby kommun", "Tekniska nämnden", "Datum: 2021-05-03", "Underrättelse", BODY,
          "Tekniska nämnden", FOOTER]
CONTINUED = [BODY, BODY, BODY, FOOTER]
INCOMING = ["Granlunds Åkeri AB", "Box 9734", "588 58 Stensätra", "Datum: 2016-10-28",
            "Exempelby kommun", "Socialnämnden", "Box 100", "123 45 Exempelby",
            "Ansökan om serveringstillstånd", BODY]


def test_a_letter_without_a_case_number_starts_after_a_body_signing_above_the_footer():
    signals = _signals(NOTICE, CONTINUED, INCOMING, [BODY, "Sofia Gustafsson"], INCOMING)
    found = propose(signals, DEFAULT_GRAMMAR)
    assert [b.page for b in found] == [3, 5]
    ocr_dot = _signals(NOTICE, [BODY, "Polismyndigheten."], INCOMING[:3] + INCOMING[8:])
    assert [b.page for b in propose(ocr_dot, DEFAULT_GRAMMAR)] == [3]
    assert any("date and address" in r for r in found[0].reasons)
    assert any("signature" in r for r in found[1].reasons)  # a name alone


def test_the_issuing_body_above_a_running_footer_is_a_signature():
    undated = INCOMING[:3] + INCOMING[8:]
    found = propose(_signals(NOTICE, CONTINUED, CONTINUED, undated), DEFAULT_GRAMMAR)
    assert found == []  # a new sender without a date or signature: not enough
    ended = [*CONTINUED[:-1], "Tekniska nämnden", FOOTER]
    found = propose(_signals(NOTICE, CONTINUED, ended, undated), DEFAULT_GRAMMAR)
    assert [b.page for b in found] == [4]
    assert any("signature" in r for r in found[0].reasons)


def test_a_signature_running_over_to_the_next_page_is_no_boundary():
    greeting_at_foot = [BODY, BODY, "Med vänlig hälsning"]
    name_at_foot = [BODY, BODY, "Med vänlig hälsning", "Emma Nyström"]
    for foot, head in ((greeting_at_foot, ["Jan Ekström", "Solgläntans Förskolor AB"]),
                       (name_at_foot, ["VD", "Fastighetsvärdering Sjö AB"]),
                       (name_at_foot, ["Miljöinspektör", FOOTER])):
        assert propose(_signals(INCOMING, foot, head), DEFAULT_GRAMMAR) == [], head


def test_a_document_type_below_the_letterhead_counts():
    extract = ["Exempelby kommun", "PROTOKOLLSUTDRAG", "Kommunstyrelsen",
               "Sammanträdesdatum: 2013-04-05", "§ 44 Försäljning av fastigheten Lillåker 6:47",
               "Beslut", BODY]
    found = propose(_signals([BODY, BODY, "Mikael Nilsson"], extract), DEFAULT_GRAMMAR)
    assert [b.page for b in found] == [2]
    assert any("document type" in r for r in found[0].reasons)


def test_a_meeting_pack_plan_has_the_agenda_and_each_document_as_parts():
    pages = _signals(AGENDA, MEMO_P1, MEMO_P2, LETTER_2, LETTER_1, LETTER_1_P2)
    plan = by_meeting_pack(pages, DEFAULT_GRAMMAR)
    assert plan is not None and plan.kind == "meetingpack" and plan.accounted(6)
    assert [(p.first, p.last) for p in plan.parts] == [(1, 1), (2, 3), (4, 4), (5, 6)]
    assert plan.parts[0].meta["meeting_pack"]["part"] == "kallelse"
    assert by_meeting_pack(_signals(LETTER_1, LETTER_1_P2, LETTER_2), DEFAULT_GRAMMAR) is None


def test_a_greeting_many_letters_end_with_is_no_running_footer():
    openings = ("Tack för ert brev.", "Bygglovet gäller i fem år.", "Avgiften är betald.")
    endings = [[first, BODY, "Vi ber er återkomma om något är oklart", "Med vänliga hälsningar",
                "Jan Nyström"] for first in openings]
    pages = [INCOMING, endings[0], INCOMING, endings[1], INCOMING, endings[2],
             INCOMING[:3] + INCOMING[8:]]
    found = propose(_signals(*pages), DEFAULT_GRAMMAR)
    assert [b.page for b in found] == [3, 5, 7]
    assert any("signature" in r for r in found[2].reasons)


def test_an_agenda_running_over_onto_its_next_page_stays_one_part():
    first = [*AGENDA[:6], "2. Delårsrapport", "Dnr KS 2020/0102", "3. Yttrande över detaljplan",
             "Dnr KS 2021/0456", "4. Bygglov Kvarnbacken"]
    rest = ["Dnr BN 2021/0456", "5. Meddelanden", "6. Delegationsbeslut"]
    pages = _signals(first, rest, MEMO_P1, MEMO_P2, LETTER_2)
    found = propose(pages, DEFAULT_GRAMMAR)
    assert [b.page for b in found] == [3, 5]
    numbered_on = ["Exempelby kommun", "Dnr KS 2020/0102", "Svar på frågan", "7. Punkten"]
    assert [b.page for b in propose(_signals(first, numbered_on), DEFAULT_GRAMMAR)] == [2]


def test_a_date_written_day_slash_month_is_a_date_and_no_page_number():
    for day in ("10/12 2021", "21.02.2021", "3 mar 2021"):
        dated = ["Granlunds Åkeri AB", "Box 9734", "588 58 Stensätra", f"Datum: {day}",
                 "Exempelby kommun", "Box 100", "123 45 Exempelby", BODY]
        found = propose(_signals(NOTICE, CONTINUED, dated), DEFAULT_GRAMMAR)
        assert [b.page for b in found] == [3], day
        assert any("date and address" in r for r in found[0].reasons)
    assert [b.page for b in propose(_signals(MEMO_P1, ["Sida 2/2 2021", BODY]),
                                    DEFAULT_GRAMMAR)] == []


def test_a_firm_signing_many_letters_of_a_pack_is_no_running_footer():
    firm, undated = "Revisionsbyrån Mellan AB", INCOMING[:3] + INCOMING[8:]
    pages = [undated, [BODY, firm], undated, [BODY, firm], undated, [BODY, firm], undated]
    found = propose(_signals(*pages), DEFAULT_GRAMMAR)
    assert [b.page for b in found] == [3, 5, 7]
    assert all(any("signature" in r for r in b.reasons) for b in found)

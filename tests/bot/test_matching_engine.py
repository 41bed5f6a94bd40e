"""Proposals for one item on a small hand-made registry: case numbers (written, OCR-mangled,
board-less, several in a thread), content without a number, the document record inside the
case, and Swedish reasons that name the evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.matching import propose
from bot.matching.documents import choose_document
from bot.matching.features import CaseView, item_view
from bot.matching.model import load
from bot.models import Case, Item, Page, Proposal, RegistryDocument, Submission
from bot.registry import import_registry_csv
from bot.worker import run_until_idle
from tests.conftest import make_email

CASES = """case_number,title,board,opened,status,handler
KS 2019/0101,Delårsrapport januari–augusti 2019,Kommunstyrelsen,2019-09-01,avslutat,Per Ek
KS 2020/0102,Delårsrapport januari–augusti 2020,Kommunstyrelsen,2020-09-01,avslutat,Per Ek
KS 2021/0103,Delårsrapport januari–augusti 2021,Kommunstyrelsen,2021-09-01,avslutat,Per Ek
KS 2021/0456,Detaljplan för Tegelviken 3:14,Kommunstyrelsen,2021-03-01,pågående,Karin Lund
KS 2021/0457,Detaljplan för Kvarnbacken 2:7,Kommunstyrelsen,2021-03-02,pågående,Karin Lund
BN 2021/0456,Bygglov för enbostadshus Kvarnbacken 2:7,Byggnadsnämnden,2021-02-11,pågående,Eva Sten
KS 2021/0500,Upphandling av skolskjutsar,Kommunstyrelsen,2021-03-04,pågående,Per Ek
KS 2021/0501,Medborgarförslag om hundrastgård,Kommunstyrelsen,2021-03-05,pågående,Per Ek
KS 2021/0700,Skrivelser om buller från Kvarnvägen,Kommunstyrelsen,2021-06-01,pågående,Per Ek
"""
DOCUMENTS = """case_number,doc_number,date,direction,counterpart,description
KS 2019/0101,1,2019-09-16,internal,,Delårsrapport
KS 2020/0102,1,2020-09-15,internal,,Delårsrapport
KS 2021/0103,1,2021-09-14,internal,,Delårsrapport
KS 2021/0456,1,2021-03-01,internal,,Tjänsteskrivelse
KS 2021/0456,2,2021-04-05,incoming,Länsstyrelsen i Västra Götalands län,Yttrande över detaljplan
KS 2021/0456,3,2021-05-10,outgoing,Bergström Bygg AB,Beslut
KS 2021/0457,1,2021-03-02,internal,,Tjänsteskrivelse
KS 2021/0457,2,2021-04-06,incoming,Länsstyrelsen i Västra Götalands län,Yttrande över detaljplan
BN 2021/0456,1,2021-02-11,incoming,Bergström Bygg AB,Ansökan om bygglov
KS 2021/0700,1,2021-06-01,incoming,Villaägarna i Åby,Skrivelse om buller
KS 2021/0700,2,2021-06-01,incoming,Villaägarna i Åby,Skrivelse om buller
"""


@dataclass
class Shown:
    """One proposal as the registrar sees it."""

    case: str
    doc: int | None
    score: float
    confidence: str
    reasons: list[str]
    evidence: list[dict[str, Any]]


@pytest.fixture
def registry(ctx):
    for text in (CASES, DOCUMENTS):
        with session_scope(ctx.engine) as session:
            report = import_registry_csv(session, text.encode("utf-8"), ctx.grammar)
            assert report.errors == []
    return ctx


def _shown(session, proposals: list[Proposal]) -> list[Shown]:
    shown = []
    for p in proposals:
        case = session.get(Case, p.case_id)
        doc = session.get(RegistryDocument, p.document_id) if p.document_id else None
        shown.append(Shown(case.case_number, doc.doc_number if doc else None, p.score,
                           p.confidence, list(p.reasons), list(p.evidence)))
    return shown


_SOURCE = iter(range(1, 1_000_000))


def _add_item(session, pages: list[str], *, filename: str = "kopia.pdf",
              meta: dict | None = None, parent: Item | None = None) -> Item:
    sub = Submission(channel="test", source_ref=f"test-{next(_SOURCE)}")
    session.add(sub)
    session.flush()
    assert sub.id is not None
    item = Item(submission_id=sub.id, filename=filename, sha256=f"{sub.id:064x}",
                meta=meta or {}, parent_id=parent.id if parent else None)
    session.add(item)
    session.flush()
    assert item.id is not None
    for number, text in enumerate(pages, start=1):
        session.add(Page(item_id=item.id, number=number, text=text, method="textlayer"))
    session.flush()
    return item


def _propose(ctx, *pages: str, **kwargs: Any) -> list[Shown]:
    with session_scope(ctx.engine) as session:
        item = _add_item(session, list(pages), **kwargs)
        return _shown(session, propose(ctx, session, item))


def _cases(shown: list[Shown]) -> list[str]:
    return [s.case for s in shown]


# --- the same yearly report every year ---------------------------------------------------


def test_yearly_report_with_its_date_goes_to_that_years_case(registry):
    shown = _propose(registry, "Exempelby kommun\nDelårsrapport januari–augusti 2020\n"
                               "Datum: 2020-09-15\nRapporten visar ett överskott.")
    assert _cases(shown)[0] == "KS 2020/0102"
    assert set(_cases(shown)[1:3]) == {"KS 2019/0101", "KS 2021/0103"}
    assert shown[0].score > shown[1].score + 0.2
    assert any("2020-09-15" in r for r in shown[0].reasons)


def test_yearly_report_dated_only_in_metadata_goes_to_that_years_case(registry):
    shown = _propose(registry, "Delårsrapport januari–augusti\nRapporten visar ett överskott.",
                     meta={"date": "2020-09-15T10:00:00+02:00"})
    assert _cases(shown)[0] == "KS 2020/0102"
    assert shown[0].score > shown[1].score


def test_yearly_report_dated_a_few_days_off_still_prefers_that_year(registry):
    shown = _propose(registry, "Delårsrapport januari–augusti 2021\nUpprättad 2021-09-10")
    assert _cases(shown)[0] == "KS 2021/0103"
    assert shown[0].score > shown[1].score


def test_yearly_report_without_a_date_goes_to_the_year_in_its_title(registry):
    shown = _propose(registry, "Delårsrapport januari–augusti 2020\nRapporten visar ett överskott.")
    assert _cases(shown)[0] == "KS 2020/0102"
    assert shown[0].score > shown[1].score


# --- case numbers ------------------------------------------------------------------------


def test_a_written_case_number_gives_a_confident_proposal_naming_it_as_written(registry):
    (first, *_) = _propose(registry, "Kallelse\nDnr KS 2021/0456\nVälkommen.")
    assert (first.case, first.confidence) in {("KS 2021/0456", "high"), ("KS 2021/0456", "medium")}
    assert "diarienummer KS 2021/0456 i sida 1" in first.reasons
    assert {"source": "text", "where": "sida 1", "text": "KS 2021/0456"}.items() <= \
        first.evidence[0].items()


def test_a_sub_number_selects_that_document_record(registry):
    (first, *_) = _propose(registry, "Yttrande\nEr beteckning: KS 2021/0456-2\nInga invändningar.")
    assert (first.case, first.doc) == ("KS 2021/0456", 2)
    assert "handling 2 angiven i texten" in first.reasons


def test_a_written_sub_number_beats_the_date_of_another_record(registry):
    (first, *_) = _propose(registry, "Beslut\nDnr KS 2021/0456-3\nDaterad 2021-03-01")
    assert (first.case, first.doc) == ("KS 2021/0456", 3)


def test_a_sub_number_the_case_lacks_falls_back_to_the_best_fitting_record(registry):
    (first, *_) = _propose(registry, "Dnr KS 2021/0456-9\nDaterad 2021-05-10")
    assert (first.case, first.doc) == ("KS 2021/0456", 3)
    assert not any("handling 9" in r for r in first.reasons)


def test_an_ocr_mangled_number_is_interpreted_and_says_so(registry):
    (first, *_) = _propose(registry, "Yttrande\nDnr KS 2O21/O456\nLänsstyrelsen")
    assert first.case == "KS 2021/0456"
    assert first.confidence in {"high", "medium"}
    assert "tolkat diarienummer KS 2O21/O456 i sida 1" in first.reasons


def test_an_ocr_mangled_number_weighs_less_than_a_clean_one(registry):
    (mangled, *_) = _propose(registry, "Kallelse\nDnr KS 2O21/O456")
    (clean, *_) = _propose(registry, "Kallelse\nDnr KS 2021/0456")
    assert mangled.case == clean.case == "KS 2021/0456"
    assert mangled.score < clean.score


def test_a_number_without_board_that_fits_two_boards_gives_two_proposals_neither_high(registry):
    shown = _propose(registry, "Angående ärende 2021/456\nMed vänlig hälsning")
    assert set(_cases(shown)) == {"KS 2021/0456", "BN 2021/0456"}
    assert all(s.confidence != "high" for s in shown)


def test_a_number_without_board_that_fits_one_case_is_proposed(registry):
    (first, *_) = _propose(registry, "Angående ärende 2021/457")
    assert first.case == "KS 2021/0457"


def test_a_number_the_registry_lacks_gives_no_proposal(registry):
    assert _propose(registry, "Inbjudan\nDnr KS 2011/0999") == []


def test_in_a_thread_the_labelled_repeated_number_ranks_first(registry):
    shown = _propose(registry, "RE: Fråga\nSe även KS 2021/0457 och Dnr KS 2021/0456.\n"
                               "> Vi återkommer om Dnr KS 2021/0456.",
                     meta={"subject": "RE: Fråga"})
    assert _cases(shown)[:2] == ["KS 2021/0456", "KS 2021/0457"]
    assert shown[0].score > shown[1].score
    assert shown[0].reasons.count("diarienummer KS 2021/0456 i sida 1") == 2
    assert shown[1].reasons[0] == "diarienummer KS 2021/0457 i sida 1"


def test_in_a_thread_the_labelled_repeated_number_beats_a_see_also_with_shared_words(registry):
    shown = _propose(registry, "SV: Detaljplan\nHej, gäller Dnr KS 2021/0456. "
                               "Se även KS 2021/0457.\n> Dnr KS 2021/0456\n> tidigare",
                     meta={"subject": "SV: Detaljplan"})
    assert _cases(shown)[0] == "KS 2021/0456"


def test_an_item_naming_two_cases_gets_at_most_one_high_proposal(registry):
    shown = _propose(registry, "SV: Detaljplan\nDet gäller Dnr KS 2021/0456 (2021-04-05). "
                               "Se även KS 2021/0457.\n> Dnr KS 2021/0456")
    assert _cases(shown)[0] == "KS 2021/0456"
    assert [s.confidence for s in shown].count("high") <= 1


def test_a_number_in_the_parent_email_counts_for_its_attachment(registry):
    with session_scope(registry.engine) as session:
        email = _add_item(session, [], filename="mail.eml", meta={
            "kind": "email", "subject": "VB: Yttrande", "body_text": "Se bilaga. Dnr KS 2021/0457"})
        attachment = _add_item(session, ["Yttrande\nInga invändningar."], parent=email)
        (first, *_) = _shown(session, propose(registry, session, attachment))
    assert first.case == "KS 2021/0457"
    assert "diarienummer KS 2021/0457 i e-postmeddelandet" in first.reasons


def test_a_number_in_the_file_name_counts(registry):
    (first, *_) = _propose(registry, "Beslut\nBygglov beviljas.",
                           filename="Beslut_BN_2021_0456.pdf")
    assert first.case == "BN 2021/0456"
    assert any(r.endswith("i filnamnet") for r in first.reasons)


def test_a_number_written_once_in_an_email_subject_is_counted_once(registry, tmp_path):
    path = tmp_path / "svar.eml"
    path.write_bytes(make_email("SV: KS 2021/0457", "Hej!\nTack för ditt svar.\n/Per", []))
    (result,) = ingest_paths(registry, [path], None)
    run_until_idle(registry)
    with session_scope(registry.engine) as session:
        proposals = session.exec(select(Proposal).where(Proposal.item_id == result.item_id)
                                 .order_by(col(Proposal.rank))).all()
        (first, *_) = _shown(session, list(proposals))
    assert first.case == "KS 2021/0457"
    assert len([e for e in first.evidence if "where" in e]) == 1


# --- no case number: content --------------------------------------------------------------


def test_title_words_property_and_counterpart_propose_a_case_without_a_number(registry):
    shown = _propose(registry, "Länsstyrelsen i Västra Götalands län\n"
                               "Yttrande över detaljplan för Kvarnbacken 2:7\n"
                               "Länsstyrelsen har inga invändningar.")
    assert (shown[0].case, shown[0].doc) == ("KS 2021/0457", 2)
    assert shown[0].confidence in {"high", "medium"}
    other_plan = next(s for s in shown if s.case == "KS 2021/0456")
    assert "varning: texten nämner en annan fastighet" in other_plan.reasons
    assert other_plan.score < shown[0].score / 10


@pytest.mark.parametrize("text", [
    "Inbjudan till julbord för kommunstyrelsen\nVälkomna till julbord den 10 december 2021 "
    "i stadshuset. Anmälan till Karin senast 1 december 2021.",
    "Nyhetsbrev december 2021\nKommunstyrelsen informerar om detaljplaner, upphandling, "
    "medborgarförslag och delårsrapport. God jul och gott nytt år!",
])
def test_a_document_of_no_case_gets_no_high_proposal(registry, text):
    shown = _propose(registry, text)
    assert all(s.confidence != "high" for s in shown)


def test_a_text_sharing_nothing_with_the_registry_gets_no_proposal(registry):
    assert _propose(registry, "Lorem ipsum dolor sit amet") == []


def test_dates_alone_are_no_proposal(registry):
    """An advertisement dated days after a registration shares no telling key: dates never
    single out a case among look-alikes, so the registrar sees no proposal, not a 0 % guess."""
    assert _propose(registry, "Vårens bästa erbjudanden!\n2021-06-03\nJust nu 30 % rabatt "
                              "på pärmar och pennor. Fri frakt över 500 kronor.") == []


def test_proposals_are_at_most_five_ranked_best_first(registry):
    with session_scope(registry.engine) as session:
        item = _add_item(session, ["Kommunstyrelsen: delårsrapport, detaljplan, skolskjutsar, "
                                   "hundrastgård, buller, bygglov"])
        proposals = propose(registry, session, item)
    assert [p.rank for p in proposals] == [0, 1, 2, 3, 4]  # nine cases share a word
    assert [p.score for p in proposals] == sorted((p.score for p in proposals), reverse=True)


# --- reasons -----------------------------------------------------------------------------


def test_reasons_name_the_number_property_counterpart_and_date_in_swedish(registry):
    (first, *_) = _propose(registry, "Länsstyrelsen i Västra Götalands län\n2021-04-05\n"
                                     "Yttrande över detaljplan för Tegelviken 3:14\n"
                                     "Er beteckning: KS 2021/0456-2")
    assert first.case == "KS 2021/0456"
    assert first.reasons[0] == "diarienummer KS 2021/0456-2 i sida 1"
    lowered = [r.lower() for r in first.reasons]
    assert "fastighet tegelviken 3:14" in lowered
    assert "motpart Länsstyrelsen i Västra Götalands län" in first.reasons
    assert "datum 2021-04-05 = en registrerad handlings datum" in first.reasons
    assert "ord ur ärendemeningen (100%)" in first.reasons
    kinds = {e["kind"]: e["text"] for e in first.evidence if "kind" in e}
    assert kinds["counterpart"] == "Länsstyrelsen i Västra Götalands län"


def test_the_property_reason_keeps_the_designation_as_written(registry):
    (first, *_) = _propose(registry, "Yttrande över detaljplan för Tegelviken 3:14")
    assert "fastighet Tegelviken 3:14" in first.reasons


def test_a_board_in_the_letterhead_is_a_reason(registry):
    (first, *_) = _propose(registry, "BYGGNADSNÄMNDEN\nBygglov för enbostadshus\nDnr BN 2021/456")
    assert first.case == "BN 2021/0456"
    assert "Byggnadsnämnden nämns" in first.reasons


# --- the document record inside the case ---------------------------------------------------


def test_without_sub_number_the_record_dated_as_the_document_is_chosen(registry):
    for day, doc in (("2021-03-01", 1), ("2021-04-05", 2), ("2021-05-10", 3)):
        (first, *_) = _propose(registry, f"Dnr KS 2021/0456\nDatum {day}\nHej")
        assert (first.case, first.doc) == ("KS 2021/0456", doc)
        assert any(r.startswith(f"handling {doc}: ") and r.endswith(day) for r in first.reasons)


def _recovered(ctx, doc_number: int) -> None:
    with session_scope(ctx.engine) as session:
        case = session.exec(select(Case).where(Case.case_number == "KS 2021/0700")).one()
        session.execute(update(RegistryDocument)
                        .where(col(RegistryDocument.case_id) == case.id)
                        .values(file_status="missing"))
        session.execute(update(RegistryDocument)
                        .where(col(RegistryDocument.case_id) == case.id,
                               col(RegistryDocument.doc_number) == doc_number)
                        .values(file_status="recovered"))


@pytest.mark.parametrize(("recovered", "chosen"), [(1, 2), (2, 1)])
def test_of_two_equal_records_the_one_whose_file_is_missing_is_chosen(registry, recovered,
                                                                      chosen):
    _recovered(registry, recovered)
    (first, *_) = _propose(registry, "Villaägarna i Åby\nSkrivelse om buller\n"
                                     "Dnr KS 2021/0700\n2021-06-01")
    assert (first.case, first.doc) == ("KS 2021/0700", chosen)


def _doc(number: int, **kwargs: Any) -> RegistryDocument:
    return RegistryDocument(id=number, case_id=1, doc_number=number, **kwargs)


def _case_view(*docs: RegistryDocument) -> CaseView:
    return CaseView(Case(id=1, case_number="KS 2021/0456", board_key="KS", year=2021,
                         serial=456, title="Detaljplan"), list(docs))


def test_choose_document_weighs_date_over_a_missing_file_and_description_over_nothing():
    view = item_view("Yttrande över detaljplan", [date(2021, 4, 5)])
    cv = _case_view(_doc(1, date=date(2021, 3, 1), description="Tjänsteskrivelse"),
                    _doc(2, date=date(2021, 4, 5), description="Yttrande"),
                    _doc(3, date=date(2021, 5, 10), description="Beslut"))
    choice = choose_document(view, cv, None)
    assert choice.document is not None and choice.document.doc_number == 2
    assert choice.reasons[0] == "handling 2: Yttrande, 2021-04-05"
    assert "dokumentets datum 2021-04-05 stämmer med registreringen" in choice.reasons
    assert choice.score is not None and choice.score == choice.chosen > 0.5


def test_choose_document_without_records_chooses_none_and_suggests_a_new_record():
    choice = choose_document(item_view("Hej", []), _case_view(), None)
    assert (choice.document, choice.score, choice.chosen) == (None, None, 1.0)
    assert "ny handling i ärendet" in choice.reasons[0]


def test_choose_document_matches_counterparts_as_whole_words():
    view = item_view("Bergström Bygg AB\nFöljebrev", [])
    cv = _case_view(_doc(1, counterpart="Berg", description="Skrivelse"),
                    _doc(2, counterpart="Bergström Bygg AB", description="Skrivelse"))
    choice = choose_document(view, cv, None)
    assert choice.document is not None and choice.document.doc_number == 2
    assert "motpart Bergström Bygg AB nämns" in choice.reasons


def test_model_bands_follow_the_thresholds():
    model = load()
    assert model.band(model.high) == "high"
    assert model.band(model.medium) == "medium"
    assert model.band(model.medium - 1e-6) == "low"

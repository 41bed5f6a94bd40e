"""Matching where a real registry is hard, on small hand-made registries: a dense registry where
an OCR-mangled number exists, twenty yearly reports, thirty permits in one district, a clearly
read number among look-alikes, hints from the submitter, and a huge text read only in part."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from bot.db import session_scope
from bot.matching import numbers, propose
from bot.models import Case, Item, Page, RegistryDocument, Submission
from bot.registry import import_registry_csv

CASE_HEAD = "case_number,title,board,opened,status,handler\n"
DOC_HEAD = "case_number,doc_number,date,direction,counterpart,description\n"
_SOURCE = iter(range(1, 1_000_000))


def _import(ctx, cases: list[str], documents: list[str]) -> None:
    for text in (CASE_HEAD + "\n".join(cases), DOC_HEAD + "\n".join(documents)):
        with session_scope(ctx.engine) as session:
            assert import_registry_csv(session, text.encode(), ctx.grammar).errors == []


def _item(session, pages: list[str], *, method: str = "textlayer", meta: dict | None = None,
          filename: str = "kopia.pdf") -> Item:
    sub = Submission(channel="test", source_ref=f"scale-{next(_SOURCE)}",
                     submitter="anna.berg@example.se")
    session.add(sub)
    session.flush()
    item = Item(submission_id=sub.id or 0, filename=filename, sha256=f"{sub.id:064x}",
                meta=meta or {})
    session.add(item)
    session.flush()
    for number, text in enumerate(pages, start=1):
        session.add(Page(item_id=item.id or 0, number=number, text=text, method=method))
    session.flush()
    return item


def _propose(ctx, *pages: str, **kwargs: Any) -> list[dict[str, Any]]:
    with session_scope(ctx.engine) as session:
        item = _item(session, list(pages), **kwargs)
        shown = []
        for p in propose(ctx, session, item):
            case = session.get(Case, p.case_id)
            doc = session.get(RegistryDocument, p.document_id) if p.document_id else None
            shown.append({"case": case.case_number, "doc": doc.doc_number if doc else None,
                          "confidence": p.confidence, "score": p.score, "reasons": p.reasons,
                          "doc_confidence": p.doc_confidence, "doc_reasons": p.doc_reasons})
        return shown


# --- a dense registry: nearly every number exists ---------------------------------------------


@pytest.fixture
def dense(ctx):
    """KS 2021/0001-0600, all small cases about other things; 0458 is the plan for Tegelviken."""
    cases, docs = [], []
    for serial in range(1, 601):
        title = (f"Medborgarförslag om parkbänk nummer {serial}" if serial != 458
                 else "Detaljplan för Tegelviken 3:14")
        opened = date(2021, 1, 4) + timedelta(days=serial // 3)
        cases.append(f"KS 2021/{serial:04d},{title},Kommunstyrelsen,{opened},pågående,Per Ek")
        docs.append(f"KS 2021/{serial:04d},1,{opened},incoming,Anna Berg,Medborgarförslag")
    docs.append("KS 2021/0458,2,2021-06-14,incoming,Länsstyrelsen i Västra Götalands län,"
                "Yttrande över detaljplan")
    _import(ctx, cases, docs)
    return ctx


def test_a_repaired_number_that_exists_does_not_outvote_the_content(dense):
    # A letter about 0458 whose number OCR read as "O456": repaired, it is 0456, a real case
    # about something else.
    shown = _propose(dense, "Länsstyrelsen i Västra Götalands län\nDatum: 2021-06-11\n"
                            "Dnr KS 2O21/O456\nYttrande över detaljplan för Tegelviken 3:14\n"
                            "Länsstyrelsen har inga invändningar mot detaljplanen.",
                     method="ocr")
    assert shown[0]["case"] == "KS 2021/0458"
    assert not any(s["case"] == "KS 2021/0456" and s["confidence"] == "high" for s in shown)


def test_a_repaired_number_alone_is_never_high(dense):
    shown = _propose(dense, "Kallelse\nDnr KS 2O21/O456\nVälkommen.", method="ocr")
    assert shown[0]["case"] == "KS 2021/0456"
    assert shown[0]["confidence"] != "high"


def test_an_ocr_misread_digit_landing_on_a_real_case_loses_to_the_content(dense):
    # 0458 misread as 0453 (not repaired: both are digits); the content is 0458's.
    shown = _propose(dense, "Länsstyrelsen i Västra Götalands län\nDatum: 2021-06-11\n"
                            "Dnr KS 2021/0453\nYttrande över detaljplan för Tegelviken 3:14\n"
                            "Länsstyrelsen har inga invändningar mot detaljplanen.",
                     method="ocr")
    assert shown[0]["case"] == "KS 2021/0458"
    assert any("en siffra" in r for r in shown[0]["reasons"])


def test_a_clearly_read_number_is_never_outvoted_by_content(dense):
    # A text layer says 0457 although the words are 0458's: the stated number wins.
    shown = _propose(dense, "Länsstyrelsen i Västra Götalands län\nDnr KS 2021/0457\n"
                            "Yttrande över detaljplan för Tegelviken 3:14")
    assert shown[0]["case"] == "KS 2021/0457"


def test_each_distinct_number_is_looked_up_once(dense, monkeypatch):
    calls: list[object] = []
    real = numbers.lookup
    monkeypatch.setattr(numbers, "lookup", lambda s, n: calls.append(n) or real(s, n))
    _propose(dense, "Dnr KS 2021/0457\n" + "Se KS 2021/0458 och KS 2021/0459.\n" * 500)
    assert len(calls) == 3


def test_a_huge_text_is_read_only_in_its_telling_start(dense):
    filler = "Ett stycke utan diarienummer och utan namn. " * 40_000  # 1.8 MB
    shown = _propose(dense, "Yttrande över detaljplan för Tegelviken 3:14\n" + filler
                     + "Dnr KS 2021/0099")
    assert shown[0]["case"] == "KS 2021/0458"
    assert all(s["case"] != "KS 2021/0099" for s in shown)


# --- twenty yearly reports -------------------------------------------------------------------


@pytest.fixture
def yearly(ctx):
    cases, docs = [], []
    for n, year in enumerate(range(2004, 2024), start=1):
        number = f"KS {year + 1}/{n:04d}"
        cases.append(f"{number},Årsredovisning {year},Kommunstyrelsen,{year + 1}-02-10,"
                     "avslutat,Per Ek")
        docs += [f"{number},1,{year + 1}-03-02,internal,,Tjänsteskrivelse",
                 f"{number},2,{year + 1}-03-16,internal,,Årsredovisning",
                 f"{number},3,{year + 1}-04-06,incoming,Revisionsbyrån Mellan AB,"
                 "Revisionsberättelse"]
    _import(ctx, cases, docs)
    return ctx


def test_of_twenty_yearly_reports_the_one_of_the_written_year_and_date_is_first(yearly):
    shown = _propose(yearly, "Exempelby kommun\nÅrsredovisning 2016\nDatum: 2017-03-16\n"
                             "Kommunens resultat för året visar ett överskott.")
    assert (shown[0]["case"], shown[0]["doc"]) == ("KS 2017/0013", 2)
    assert any("stämmer med registreringen" in r for r in shown[0]["doc_reasons"])


def test_a_yearly_report_dated_in_another_way_still_finds_its_year(yearly):
    shown = _propose(yearly, "Revisionsbyrån Mellan AB\nRevisionsberättelse\n"
                             "Exempelby 6.4.2021\nVi har granskat årsredovisningen.")
    assert (shown[0]["case"], shown[0]["doc"]) == ("KS 2021/0017", 3)


def test_a_yearly_report_dated_year_first_with_dots_finds_its_record(yearly):
    shown = _propose(yearly, "Revisionsbyrån Mellan AB\nRevisionsberättelse\n"
                             "Exempelby 2019.04.06\nVi har granskat årsredovisningen.")
    assert (shown[0]["case"], shown[0]["doc"]) == ("KS 2019/0015", 3)
    assert any("stämmer med registreringen" in r for r in shown[0]["doc_reasons"])


def test_a_yearly_report_without_year_or_date_is_never_high(yearly):
    shown = _propose(yearly, "Årsredovisning\nKommunens resultat visar ett överskott.")
    assert shown and all(s["confidence"] != "high" for s in shown)


# --- thirty permits in one district -----------------------------------------------------------


@pytest.fixture
def district(ctx):
    cases, docs = [], []
    for n in range(1, 31):
        year = 2013 + n % 10
        number = f"SBN {year}/{n:04d}"
        opened = date(year, 1 + n % 12, 3)
        cases.append(f"{number},\"Bygglov för nybyggnad av enbostadshus, Tegelviken 3:{n}\","
                     f"Samhällsbyggnadsnämnden,{opened},avslutat,Eva Sten")
        docs += [f"{number},1,{opened},incoming,Person {n},Ansökan om bygglov",
                 f"{number},2,{opened + timedelta(days=40)},outgoing,Person {n},"
                 "Beslut om bygglov"]
    # the same property twice: 3:14 also in 2021
    cases.append("SBN 2021/0099,\"Bygglov för tillbyggnad av enbostadshus, Tegelviken 3:14\","
                 "Samhällsbyggnadsnämnden,2021-05-03,avslutat,Eva Sten")
    docs += ["SBN 2021/0099,1,2021-05-03,incoming,Nils Holm,Ansökan om bygglov",
             "SBN 2021/0099,2,2021-06-14,outgoing,Nils Holm,Beslut om bygglov"]
    _import(ctx, cases, docs)
    return ctx


def test_of_thirty_permits_in_one_district_the_property_in_capitals_decides(district):
    shown = _propose(district, "Samhällsbyggnadsnämnden\nBeslut om bygglov\n"
                               "Fastighet: TEGELVIKEN 3:27\nBygglov beviljas.")
    assert shown[0]["case"] == "SBN 2020/0027"


def test_the_same_property_in_two_years_is_told_apart_by_the_letters_date(district):
    shown = _propose(district, "Samhällsbyggnadsnämnden\nBeslut om bygglov\nDatum: 2021-06-14\n"
                               "Fastighet: Tegelviken 3:14\nBygglov beviljas för tillbyggnad.")
    assert (shown[0]["case"], shown[0]["doc"]) == ("SBN 2021/0099", 2)


def test_a_permit_letter_names_its_applicant_as_the_counterpart(district):
    shown = _propose(district, "Nils Holm\nAnsökan om bygglov, Tegelviken 3:14\n"
                               "Jag ansöker om bygglov för tillbyggnad.")
    assert (shown[0]["case"], shown[0]["doc"]) == ("SBN 2021/0099", 1)
    assert any("Nils Holm" in r for r in shown[0]["doc_reasons"])


# --- hints from outside the item ---------------------------------------------------------------


def test_a_case_number_the_submitter_stated_counts_with_its_own_reason(district):
    shown = _propose(district, "Beslut om bygglov\nBygglov beviljas.",
                     meta={"hints": [{"source": "submitter", "text": "SBN 2021/0099"}]})
    assert shown[0]["case"] == "SBN 2021/0099"
    assert "angivet diarienummer SBN 2021/0099 i inlämnarens svar" in shown[0]["reasons"]


# --- a number without board that several boards have, and a see-also -----------------------


@pytest.fixture
def boards(ctx):
    """2024/1259 exists in three boards, as in a big registry nearly every number does."""
    cases = ["KS 2024/1259,Motion om cykelvägar,Kommunstyrelsen,2024-03-01,pågående,Per Ek",
             "SBN 2024/1259,\"Planbesked för Alvik 1:94\",Samhällsbyggnadsnämnden,2024-03-21,"
             "pågående,Eva Sten",
             "TN 2024/1259,Vinterväghållning,Tekniska nämnden,2024-03-02,pågående,Per Ek",
             "KS 2018/2330,Översiktsplan för Alvik,Kommunstyrelsen,2018-10-19,avslutat,Per Ek"]
    docs = ["KS 2024/1259,1,2024-03-01,incoming,Lars Ek,Motion",
            "SBN 2024/1259,1,2024-03-21,incoming,Björkviks Måleri AB,Begäran om planbesked",
            "TN 2024/1259,1,2024-03-02,internal,,Tjänsteskrivelse",
            "KS 2018/2330,1,2018-10-19,incoming,Alviks vägförening,Intresseanmälan"]
    _import(ctx, cases, docs)
    return ctx


@pytest.mark.parametrize("see_also", ["Se även ärende KS 2018/2330.", "Jfr KS 2018/2330.",
                                      "Se också tidigare ärende KS 2018/2330."])
def test_a_case_named_as_see_also_never_outranks_the_documents_own_number(boards, see_also):
    shown = _propose(boards, "Björkviks Måleri AB\nDatum: 20.3.2024\nBeteckning: 2024/1259\n"
                             f"Begäran om planbesked, Alvik 1:94\n{see_also}\n"
                             "Tack på förhand för en snabb handläggning.")
    assert (shown[0]["case"], shown[0]["doc"]) == ("SBN 2024/1259", 1)
    assert all(s["confidence"] != "high" for s in shown if s["case"] == "KS 2018/2330")


def test_a_labelled_number_after_a_see_also_number_is_still_the_documents_own(boards):
    shown = _propose(boards, "Se även KS 2018/2330 och Dnr SBN 2024/1259.\n"
                             "Begäran om planbesked")
    assert shown[0]["case"] == "SBN 2024/1259"

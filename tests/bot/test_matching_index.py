"""The full-text index of cases: rebuilt on every registry import, ranked by rare shared words
and property designations, queried without words that most cases share."""

from __future__ import annotations

import copy

from sqlalchemy import text
from sqlmodel import select

from bot.db import session_scope
from bot.matching import index
from bot.matching.text import property_token, words
from bot.models import Case
from bot.registry import import_registry_csv

HEAD = "case_number,title,board,opened,status,handler\n"
CASES = HEAD + """\
KS 2021/0456,Detaljplan för Tegelviken 3:14,Kommunstyrelsen,2021-03-01,pågående,Karin Lund
KS 2021/0457,Detaljplan för Kvarnbacken 2:7,Kommunstyrelsen,2021-03-02,pågående,Karin Lund
KS 2021/0458,Detaljplan för Tegelviken 3:15,Kommunstyrelsen,2021-03-03,pågående,Karin Lund
KS 2021/0500,Upphandling av skolskjutsar,Kommunstyrelsen,2021-03-04,pågående,Per Ek
KS 2021/0501,Medborgarförslag om hundrastgård,Kommunstyrelsen,2021-03-05,pågående,Per Ek
KS 2021/0502,Remiss om regional vattenförsörjningsplan,Kommunstyrelsen,2021-03-06,pågående,Per Ek
KS 2021/0503,Motion om belysning i Stadsparken,Kommunstyrelsen,2021-03-07,pågående,Per Ek
KS 2021/0504,Avtal om drift av simhallen,Kommunstyrelsen,2021-03-08,pågående,Per Ek
"""
DOCUMENTS = """case_number,doc_number,date,direction,counterpart,description
KS 2021/0500,1,2021-03-04,incoming,Skoltrafik i Väst AB,Anbud
KS 2021/0504,1,2021-03-08,outgoing,Simhallsdrift Nord AB,Avtal
"""


def _import(ctx, text: str):
    with session_scope(ctx.engine) as session:
        return import_registry_csv(session, text.encode("utf-8"), ctx.grammar)


def _search(ctx, text: str) -> list[str]:
    with session_scope(ctx.engine) as session:
        numbers = {c.id: c.case_number for c in session.exec(select(Case))}
        return [numbers[h.case_id] for h in index.search(session, text)]


def _terms(ctx, text: str) -> list[str]:
    with session_scope(ctx.engine) as session:
        return index.query_terms(session, text)


def test_every_import_rebuilds_the_index_of_all_cases(ctx):
    assert _import(ctx, CASES).indexed == 8
    assert _import(ctx, DOCUMENTS).indexed == 8


def test_case_body_holds_stems_of_title_board_documents_and_property_tokens(ctx):
    _import(ctx, CASES)
    _import(ctx, DOCUMENTS)
    with session_scope(ctx.engine) as session:
        body = session.execute(text(
            "SELECT body FROM case_search WHERE rowid = "
            "(SELECT id FROM \"case\" WHERE case_number = 'KS 2021/0500')")).scalar_one()
    tokens = body.split()
    for word in ("upphandling", "skolskjutsar", "kommunstyrelsen", "anbud", "skoltrafik"):
        assert words(word)[0] in tokens
    with session_scope(ctx.engine) as session:
        plan = session.execute(text(
            "SELECT body FROM case_search WHERE rowid = "
            "(SELECT id FROM \"case\" WHERE case_number = 'KS 2021/0456')")).scalar_one()
    assert property_token("tegelviken 3:14") in plan.split()


def test_the_case_sharing_rare_words_with_the_text_ranks_first(ctx):
    _import(ctx, CASES)
    hits = _search(ctx, "Kommunstyrelsen har fått ett medborgarförslag om en ny hundrastgård")
    assert hits[0] == "KS 2021/0501"
    assert _search(ctx, "Anbud på skolskjutsarna för läsåret")[0] == "KS 2021/0500"


def test_document_counterparts_and_descriptions_are_searchable(ctx):
    _import(ctx, CASES)
    _import(ctx, DOCUMENTS)
    assert _search(ctx, "Faktura från Simhallsdrift Nord AB")[0] == "KS 2021/0504"


def test_a_shared_property_decides_between_cases_with_the_same_generic_title(ctx):
    _import(ctx, CASES)
    assert _search(ctx, "Synpunkter på detaljplanen för Kvarnbacken 2:7")[0] == "KS 2021/0457"
    assert _search(ctx, "Synpunkter på detaljplanen för Tegelviken 3:14")[0] == "KS 2021/0456"


def test_the_property_number_alone_decides_between_two_plans_for_the_same_place(ctx):
    # Same words in both titles; only the designation token tells 3:14 from 3:15.
    _import(ctx, CASES)
    hits = _search(ctx, "Synpunkter på detaljplanen för Tegelviken 3:15")
    assert hits[0] == "KS 2021/0458"
    assert "KS 2021/0456" in hits  # still a candidate through its words
    assert _search(ctx, "Synpunkter på detaljplanen för Tegelviken 3:14")[0] == "KS 2021/0456"


def test_query_terms_leave_out_words_most_cases_share(ctx):
    _import(ctx, CASES)
    terms = _terms(ctx, "Kommunstyrelsen: upphandling av skolskjutsar, medborgarförslag om "
                        "hundrastgård, remiss om vattenförsörjningsplan")
    assert words("kommunstyrelsen")[0] not in terms  # in all eight cases
    assert set(terms) >= {words(w)[0] for w in ("upphandling", "skolskjutsar",
                                                "hundrastgård", "vattenförsörjningsplan")}


def test_query_terms_keep_words_of_a_few_cases_and_drop_words_of_most(ctx):
    _import(ctx, CASES)
    # 'detaljplan' is in three of eight cases, 'kommunstyrelsen' in all eight
    assert _terms(ctx, "Kommunstyrelsen detaljplan") == [words("detaljplan")[0]]


def test_query_terms_rank_rarer_words_first_and_skip_unknown_words(ctx):
    _import(ctx, CASES)
    terms = _terms(ctx, "Detaljplan hundrastgård zebrakorsning")
    assert terms[0] == words("hundrastgård")[0]
    assert words("zebrakorsning")[0] not in terms
    assert _search(ctx, "zebrakorsning giraff") == []


def test_query_terms_include_the_property_token(ctx):
    _import(ctx, CASES)
    assert property_token("tegelviken 3:14") in _terms(ctx, "Angående fastigheten Tegelviken 3:14")


def test_reimported_titles_are_searched_by_their_new_words(ctx):
    _import(ctx, CASES)
    assert _search(ctx, "hundrastgård")[0] == "KS 2021/0501"
    _import(ctx, CASES.replace("Medborgarförslag om hundrastgård", "Medborgarförslag om utegym"))
    assert _search(ctx, "utegym") == ["KS 2021/0501"]
    assert _search(ctx, "hundrastgård") == []


def test_new_cases_from_a_later_import_are_searchable(ctx):
    _import(ctx, CASES)
    _import(ctx, HEAD + "KS 2021/0600,Ansökan om skolskjutsar,Kommunstyrelsen,2021-04-01,,\n")
    assert set(_search(ctx, "skolskjutsar")) == {"KS 2021/0500", "KS 2021/0600"}


def test_reimported_titles_are_searchable_even_when_another_process_imported_them(
        ctx, monkeypatch):
    """The worker runs in its own process: it never sees the importing process's rebuild()."""
    _import(ctx, CASES)
    assert _search(ctx, "hundrastgård")[0] == "KS 2021/0501"  # the worker caches vocabulary
    worker_cache = copy.deepcopy(index._POSTINGS)
    _import(ctx, CASES.replace("Medborgarförslag om hundrastgård", "Medborgarförslag om utegym"))
    monkeypatch.setattr(index, "_POSTINGS", worker_cache)  # as in the worker's process
    assert _search(ctx, "utegym") == ["KS 2021/0501"]


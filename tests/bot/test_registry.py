"""Registry import: cases and document records from CSV, re-import updates, bad rows reported."""

from sqlmodel import select

from bot.db import session_scope
from bot.models import Case, RegistryDocument
from bot.registry import import_registry_csv
from tests.conftest import CASES_CSV, DOCUMENTS_CSV


def _import(ctx, text, encoding="utf-8"):
    with session_scope(ctx.engine) as session:
        return import_registry_csv(session, text.encode(encoding), ctx.grammar)


def test_cases_and_documents_import(ctx):
    cases = _import(ctx, CASES_CSV)
    docs = _import(ctx, DOCUMENTS_CSV)
    assert (cases.kind, cases.created, cases.errors) == ("cases", 3, [])
    assert (docs.kind, docs.created, docs.errors) == ("documents", 5, [])
    with session_scope(ctx.engine) as session:
        case = session.exec(select(Case).where(Case.board_key == "KS", Case.serial == 456)).one()
        assert case.title == "Detaljplan för Tegelviken 3:14"
        assert case.year == 2021
        doc = session.exec(select(RegistryDocument).where(RegistryDocument.case_id == case.id,
                                                          RegistryDocument.doc_number == 2)).one()
        assert doc.direction == "incoming"
        assert doc.file_status == "missing"


def test_reimport_updates_instead_of_duplicating(ctx):
    _import(ctx, CASES_CSV)
    changed = CASES_CSV.replace("Detaljplan för Tegelviken 3:14", "Detaljplan för Tegelviken 3:15")
    report = _import(ctx, changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    with session_scope(ctx.engine) as session:
        titles = [c.title for c in session.exec(select(Case))]
    assert len(titles) == 3
    assert "Detaljplan för Tegelviken 3:15" in titles


def test_swedish_export_with_semicolons_and_cp1252(ctx):
    text = ("Diarienummer;Ärendemening;Nämnd;Öppnad;Status;Handläggare\r\n"
            "KS 2019/0017;Försäljning av fastigheten Åby 1:2;KS;2019-01-10;avslutat;Åsa Ö\r\n")
    report = _import(ctx, text, "cp1252")
    assert (report.kind, report.created, report.errors) == ("cases", 1, [])
    with session_scope(ctx.engine) as session:
        assert session.exec(select(Case)).one().title == "Försäljning av fastigheten Åby 1:2"


def test_bad_rows_are_reported_with_line_numbers_and_good_rows_import(ctx):
    _import(ctx, CASES_CSV)
    text = DOCUMENTS_CSV + "KS 1999/0001,1,2021-01-01,incoming,,Okänt ärende\nnonsense,x,,,,\n"
    report = _import(ctx, text)
    assert report.created == 5
    lines = [e.line for e in report.errors]
    assert lines == [7, 8]
    assert "okänt ärende" in report.errors[0].reason

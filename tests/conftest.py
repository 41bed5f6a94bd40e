"""Shared fixtures: a fresh home folder with its database, and small documents made on the fly."""

from __future__ import annotations

import io
import os
from email.message import EmailMessage
from pathlib import Path

import pytest

from bot.context import Context, open_context
from bot.settings import Settings, load_settings

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

CASES_CSV = """case_number,title,board,opened,status,handler
KS 2021/0456,Detaljplan för Tegelviken 3:14,Kommunstyrelsen,2021-03-01,pågående,Karin Lund
KS 2020/0102,Delårsrapport januari–augusti 2020,Kommunstyrelsen,2020-09-01,avslutat,Per Ek
BN 2021/0456,Bygglov för nybyggnad av enbostadshus Kvarnbacken 2:7,Byggnadsnämnden,2021-02-11,pågående,Eva Sten
"""
DOCUMENTS_CSV = """case_number,doc_number,date,direction,counterpart,description
KS 2021/0456,1,2021-03-01,internal,,Tjänsteskrivelse
KS 2021/0456,2,2021-04-05,incoming,Länsstyrelsen i Västra Götalands län,Yttrande över detaljplan
KS 2021/0456,3,2021-05-10,outgoing,Bergström Bygg AB,Beslut
KS 2020/0102,1,2020-09-15,internal,,Delårsrapport
BN 2021/0456,1,2021-02-11,incoming,Bergström Bygg AB,Ansökan om bygglov
"""


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(home=tmp_path / "home")


@pytest.fixture
def ctx(settings: Settings) -> Context:
    return open_context(settings)


@pytest.fixture
def registry(ctx: Context) -> Context:
    """The context with the small registry above imported."""
    from bot.db import session_scope
    from bot.registry import import_registry_csv

    for data in (CASES_CSV, DOCUMENTS_CSV):
        with session_scope(ctx.engine) as session:
            import_registry_csv(session, data.encode(), ctx.grammar)
    return ctx


@pytest.fixture
def registry_files(tmp_path: Path) -> tuple[Path, Path]:
    cases, docs = tmp_path / "cases.csv", tmp_path / "documents.csv"
    cases.write_text(CASES_CSV, encoding="utf-8")
    docs.write_text(DOCUMENTS_CSV, encoding="utf-8")
    return cases, docs


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer (core font, cp1252 covers å ä ö)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_scan(lines: list[str], dpi: int = 300) -> bytes:
    """The same page as an image only (PNG), as a scanner would deliver it."""
    import pypdfium2

    page = pypdfium2.PdfDocument(make_pdf(lines))[0]
    image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def make_email(subject: str, body: str, attachments: list[tuple[str, bytes, str]]) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Anna Berg <anna.berg@exempelby.se>"
    msg["To"] = "diariet@exempelby.se"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 05 Apr 2021 10:22:00 +0200"
    msg["Message-ID"] = "<test-1@exempelby.se>"
    msg.set_content(body)
    for name, data, mime in attachments:
        main, sub = mime.split("/")
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return msg.as_bytes()

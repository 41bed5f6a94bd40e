"""CSV, JSON and XML attachments through the real pipeline: read as text (in the bounded reading
child) and matched like any letter; an XML billion-laughs bomb fails at once with its reason."""

from __future__ import annotations

import json
import time

from bot.db import session_scope
from bot.decisions import proposals
from bot.models import Case
from ocr.structured import TEXT
from tests.conftest import make_email
from tests.hostile.conftest import open_home, run_file
from tests.ocr.test_structured import INVOICE, LAUGHS

CSV = "diarienummer;handling;datum\nKS 2021/0456-2;Yttrande över detaljplan;2021-04-05\n"
EXPORT = {"handlingar": [{"dnr": "KS 2021/0456-2", "rubrik": "Yttrande över detaljplan",
                          "inkom": "2021-04-05"}]}


def _best_case(home, item_id: int) -> str:
    with session_scope(open_home(home).engine) as session:
        case = session.get(Case, proposals(session, item_id)[0].case_id)
        return case.case_number if case else ""


def test_csv_json_and_xml_attachments_are_read_and_matched(home):
    attachments = [("lista.csv", CSV.encode("cp1252"), "text/csv"),
                   ("export.json", json.dumps(EXPORT).encode(), "application/json"),
                   ("faktura.xml", INVOICE.encode("latin-1"), "application/xml")]
    _, *files = run_file(home, "brev.eml", make_email("Handlingar", "Se bilagorna.",
                                                      attachments))
    assert [(f.filename, f.media_type, f.state) for f in files] == [
        ("lista.csv", "text/csv", "queued"), ("export.json", "application/json", "queued"),
        ("faktura.xml", "text/xml", "queued")], [f.state_reason for f in files]
    assert [_best_case(home, f.id or 0) for f in files] == ["KS 2021/0456"] * 3


def test_an_xml_billion_laughs_fails_at_once_with_its_reason(home):
    started = time.monotonic()
    [bomb] = run_file(home, "skratt.xml", LAUGHS.encode())
    assert (bomb.media_type, bomb.state, bomb.state_reason) == (
        "text/xml", "failed", TEXT["entities"])
    assert time.monotonic() - started < 30


def test_xml_is_read_in_the_bounded_child_like_other_documents(home):
    rows = "".join(f"<h><dnr>KS 2021/{n % 9999:04d}</dnr><rubrik>Yttrande</rubrik></h>"
                   for n in range(250_000))  # 12 MB: about 0.3 s to parse, 6 times the bound
    [item] = run_file(home, "export.xml", f"<?xml version='1.0'?><x>{rows}</x>".encode(),
                      settings="read_seconds = 0.05\n")
    assert (item.state, item.state_reason) == (
        "failed", "läsningen avbröts efter 0.05 s / reading stopped after 0.05 s")

"""Done when (issue 16), part two: a scanned 30-paragraph protocol sent by mail (a real Dovecot,
real Tesseract, 200 dpi) becomes the whole protocol and its 30 decision extracts, queued and
matched to the right case and record with no manual step."""

from __future__ import annotations

import random
from datetime import date

import pytest

from bench import protocol_pdf, protocols
from bench.degrade import ScanJob, make_scan, rasterise
from bot.db import session_scope
from bot.intake import run_connector
from bot.output import items_json
from bot.worker import run_until_idle
from connectors.imap import ImapConnector
from tests.bot.split.test_end_to_end_split import _registry
from tests.conftest import make_email
from tests.connectors.conftest import deliver, imap_table

pytestmark = pytest.mark.slow


def _protocol(rng: random.Random):
    def make(registry):
        return protocols.plan(rng, registry, "KS", date(2021, 3, 15), 30)
    return make


def test_a_scanned_30_paragraph_protocol_sent_by_mail_becomes_its_extracts(
        ctx, tmp_path, dovecot, imap_user):
    rng = random.Random(3030)
    _, protocol = _registry(ctx, tmp_path, 3030, _protocol(rng))
    protocol_pdf.render(protocol, rng)
    scan = make_scan(ScanJob(protocol.pdf, 30, 200, "pdf"))
    pages = len(rasterise(scan, 20, first_only=False))
    assert pages >= 6  # a real protocol's length: paragraphs share pages
    deliver(dovecot, imap_user, [make_email("Protokoll KS 2021-03-15", "Från skrivaren.",
                                            [("protokoll.pdf", scan, "application/pdf")])])
    assert run_connector(ctx, ImapConnector("intag", imap_table(dovecot, imap_user))).created
    run_until_idle(ctx)
    with session_scope(ctx.engine) as session:
        items = items_json(session)
    (pdf,) = [i for i in items if i["filename"] == "protokoll.pdf"]
    parts = [i for i in items if i["parent_id"] == pdf["id"]]
    assert pdf["state"] == "split" and all(p["state"] == "queued" for p in parts)
    whole = [p for p in parts if p["role"] == "protocol"]
    assert len(whole) == 1 and whole[0]["pages"] == [1, pages]
    best = whole[0]["proposals"][0]
    assert [best["case_number"], best["doc_number"]] == list(protocol.whole)
    got = {p["paragraph"]["number"]: p for p in parts if p["role"] == "paragraph"}
    want = [p for p in protocol.paragraphs if p.case_number]
    assert len(want) == 30 and sorted(got) == [p.number for p in want]
    for para in want:
        part = got[para.number]
        top = part["proposals"][0]
        assert tuple(part["pages"]) == para.pages, para.number
        assert (top["case_number"], top["doc_number"], top["confidence"]) == (
            para.case_number, para.record, "high"), para.number

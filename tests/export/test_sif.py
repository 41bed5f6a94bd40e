"""Write-back to Public 360 through SIF, against a local endpoint answering as SIF does: each
confirmed file attached once to its record, failures kept per file, a lost answer never
leading to a second copy."""

from __future__ import annotations

import base64

import pytest
from sqlmodel import select

from bot.cli import main
from bot.db import session_scope
from bot.export.sif import SifAdapter
from bot.export.writeback import write_back
from bot.models import ExportEntry
from tests.export import fake_sif
from tests.export.fake_sif import AUTHKEY, FakeSif


@pytest.fixture
def sif():
    fake = FakeSif(documents={"KS 2021/0456-2": [], "KS 2021/0456-3": []})
    stop, thread = fake_sif.serve(fake)
    yield fake
    stop.set()
    thread.join(5)


def _entries(ctx) -> dict[int, ExportEntry]:
    with session_scope(ctx.engine) as session:
        return {e.item_id: e for e in session.exec(select(ExportEntry)).all()}


def test_each_file_goes_to_its_record_once_with_its_provenance_in_the_note(home, sif):
    ctx, ids = home
    report = write_back(ctx, SifAdapter(sif.url, AUTHKEY))
    assert sorted(report.sent) == ["KS 2021/0456-2", "KS 2021/0456-3"]
    assert report.skipped == ["KS 2020/0102"]  # a new document has no record to attach to
    stored = sif.documents["KS 2021/0456-3"][0]
    assert base64.b64decode(stored["Base64Data"]) == ctx.blobs.get(_sha(ctx, ids["beslut"]))
    assert _sha(ctx, ids["beslut"]) in stored["Note"] and "Återskapad kopia" in stored["Note"]
    assert (stored["Title"], stored["Format"]) == ("beslut <2021>", "pdf")
    again = write_back(ctx, SifAdapter(sif.url, AUTHKEY))
    assert again.sent == [] and sum(map(len, sif.documents.values())) == 2


def test_a_transient_refusal_is_retried_within_the_run(home, sif):
    ctx, _ = home
    sif.fail_next = 2
    report = write_back(ctx, SifAdapter(sif.url, AUTHKEY))
    assert len(report.sent) == 2 and report.failed == []
    assert sum(map(len, sif.documents.values())) == 2


def test_a_lost_answer_is_looked_up_not_sent_again(home, sif):
    ctx, _ = home
    sif.drop_next = 1
    report = write_back(ctx, SifAdapter(sif.url, AUTHKEY))
    assert len(report.sent) == 2
    assert [len(files) for files in sif.documents.values()] == [1, 1]
    assert "GetDocuments" in sif.calls


def test_a_refused_file_fails_alone_and_is_tried_again_next_run(home, sif):
    ctx, ids = home
    del sif.documents["KS 2021/0456-2"]  # the registry does not know this record
    report = write_back(ctx, SifAdapter(sif.url, AUTHKEY))
    assert report.failed == ["KS 2021/0456-2"] and report.sent == ["KS 2021/0456-3"]
    entry = _entries(ctx)[ids["yttrande"]]
    assert entry.state == "failed" and "Document not found" in entry.error
    sif.documents["KS 2021/0456-2"] = []
    later = write_back(ctx, SifAdapter(sif.url, AUTHKEY))
    assert later.sent == ["KS 2021/0456-2"] and len(sif.documents["KS 2021/0456-2"]) == 1


def test_a_wrong_authkey_fails_every_file_with_the_reason(home, sif):
    ctx, ids = home
    report = write_back(ctx, SifAdapter(sif.url, "fel"))
    assert len(report.failed) == 2
    assert "401" in _entries(ctx)[ids["beslut"]].error


def test_cli_writeback_needs_its_settings(home, capsys, monkeypatch):
    ctx, _ = home
    assert main(["--home", str(ctx.settings.home), "writeback"]) == 2
    assert "sif_url" in capsys.readouterr().err


def test_cli_writeback_sends_and_reports(home, sif, capsys, monkeypatch):
    ctx, _ = home
    monkeypatch.setenv("DIARIEBOT_SIF_URL", sif.url)
    monkeypatch.setenv("DIARIEBOT_SIF_AUTHKEY", AUTHKEY)
    assert main(["--home", str(ctx.settings.home), "writeback"]) == 0
    assert "2 skickade" in capsys.readouterr().out


def _sha(ctx, item_id: int) -> str:
    from bot.models import Item

    with session_scope(ctx.engine) as session:
        return session.get(Item, item_id).sha256

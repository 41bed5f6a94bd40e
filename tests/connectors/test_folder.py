"""Scan folder: settled files become submissions once, then move to the processed folder."""

from __future__ import annotations

import os
import time

from bot.intake import run_connector
from connectors.folder import FolderConnector
from tests.conftest import make_pdf


def test_settled_files_are_received_once_and_moved(ctx, tmp_path):
    scans = tmp_path / "skanner"
    scans.mkdir()
    old = time.time() - 60
    for n in range(3):
        path = scans / f"SCAN_{n:04d}.pdf"
        path.write_bytes(make_pdf([f"KS 2021/{n:04d}"]))
        os.utime(path, (old, old))
    (scans / "halvskriven.pdf").write_bytes(b"%PDF-1.4 ...")  # still being written
    connector = FolderConnector("skanner", {"type": "folder", "path": str(scans),
                                            "submitter": "skrivare-plan3"})
    counts = run_connector(ctx, connector)
    assert (counts.fetched, counts.created) == (3, 3)
    assert sorted(p.name for p in (scans / "behandlat").iterdir()) == [
        "SCAN_0000.pdf", "SCAN_0001.pdf", "SCAN_0002.pdf"]
    assert [p.name for p in scans.iterdir() if p.is_file()] == ["halvskriven.pdf"]
    assert run_connector(ctx, connector).fetched == 0


def test_check_reports_a_missing_folder(tmp_path):
    connector = FolderConnector("skanner", {"type": "folder", "path": str(tmp_path / "nej")})
    assert connector.check() == [f"finns inte / not found: mappen / folder '{tmp_path / 'nej'}'"]

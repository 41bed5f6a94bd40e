"""The command-line journey on PostgreSQL: a small registry imported, a text PDF, a forwarded
email with its attachment and a pile of letters ingested, then TWO `process --until-idle`
processes at once. Every stage of every item runs exactly once (the leases' compare-and-set
and fencing under real concurrency), the audit chain stays whole, the proposals are right."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import select

from bot.cli import main
from bot.context import open_context
from bot.db import session_scope
from bot.models import AuditEvent
from tests.conftest import make_email, make_pdf

ROOT = Path(__file__).resolve().parents[2]
SUBJECTS = ["Yttrande över detaljplan", "Synpunkter på planförslaget", "Fråga om bygglov",
            "Begäran om handlingar", "Svar på remiss", "Kompletterande uppgifter"]
NUMBERS = ["KS 2021/0456", "KS 2020/0102", "BN 2021/0456"]
LETTERS = 30


def _run(capsys, *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def _letters(folder: Path) -> None:
    """The named documents of the journey and LETTERS more, each its own text."""
    (folder / "yttrande.pdf").write_bytes(make_pdf([
        "Länsstyrelsen i Västra Götalands län", "Yttrande över detaljplan för Tegelviken 3:14",
        "Er beteckning: KS 2021/0456-2", "Länsstyrelsen har inga invändningar."]))
    attachment = make_pdf(["Beslut", "Dnr KS 2021/0456-3", "Bygglov beviljas inte."])
    (folder / "VB_ Beslut.eml").write_bytes(make_email(
        "VB: Beslut om detaljplan", "Hej! Här är beslutet du bad om.\n/Anna",
        [("beslut.pdf", attachment, "application/pdf")]))
    for n in range(LETTERS):
        (folder / f"brev-{n:02}.pdf").write_bytes(make_pdf([
            f"{SUBJECTS[n % len(SUBJECTS)]}, skrivelse nummer {n + 1} av {LETTERS}",
            f"Dnr {NUMBERS[n % len(NUMBERS)]}",
            f"Vi återkommer senast vecka {n + 10} med besked om ärende {n * 37 % 101}."]))


def _worker(home: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_THREAD_LIMIT": "1"}
    return subprocess.Popen([sys.executable, "-m", "bot", "--home", home, "process",
                             "--until-idle", "--wait", "120"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stages_run(out: str) -> int:
    found = re.search(r"(\d+) steg körda", out)
    assert found, out
    return int(found.group(1))


@pytest.mark.slow
def test_two_workers_at_once_process_every_item_once(tmp_path, settings, registry_files,
                                                     capsys):
    home = str(settings.home)
    for path in registry_files:
        _run(capsys, "--home", home, "registry", "import", str(path))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _letters(inbox)
    out = _run(capsys, "--home", home, "ingest", str(inbox), "--submitter", "anna.berg@example.se")
    assert out.count("mottagen / received") == LETTERS + 2

    began = time.monotonic()
    workers = [_worker(home), _worker(home)]
    outputs = [w.communicate(timeout=600) for w in workers]
    seconds = time.monotonic() - began
    assert [w.returncode for w in workers] == [0, 0], [err for _, err in outputs]
    runs = [_stages_run(out) for out, _ in outputs]
    assert min(runs) > 0, f"one worker did nothing: {runs}"  # they really ran side by side

    items = {i["filename"]: i for i in json.loads(_run(capsys, "--home", home, "items", "--json"))}
    assert len(items) == LETTERS + 3  # the email's attachment is an item of its own
    assert all(i["state"] == "queued" for i in items.values()), Counter(
        i["state"] for i in items.values())
    best = items["yttrande.pdf"]["proposals"][0]
    assert (best["case_number"], best["doc_number"]) == ("KS 2021/0456", 2)
    attached, email = items["beslut.pdf"], items["VB_ Beslut.eml"]
    assert attached["parent_id"] == email["id"]
    assert (attached["proposals"][0]["case_number"],
            attached["proposals"][0]["doc_number"]) == ("KS 2021/0456", 3)
    for n in range(LETTERS):
        assert items[f"brev-{n:02}.pdf"]["proposals"][0]["case_number"] == NUMBERS[n % 3]

    with session_scope(open_context(settings).engine) as session:
        events = session.exec(select(AuditEvent)).all()
    moves = Counter((e.item_id, e.from_state, e.to_state) for e in events
                    if e.action == "transition" and e.actor.startswith("worker"))
    assert moves and max(moves.values()) == 1  # no stage of any item ran twice
    assert sum(moves.values()) == sum(runs)  # every stage a worker ran moved its item once
    assert not [e for e in events if e.action == "discarded"]
    assert "granskningsloggen är hel" in _run(capsys, "--home", home, "audit")
    print(f"two workers on PostgreSQL: {sum(runs)} stages in {seconds:.1f} s, split {runs}")

"""Fencing and liveness against real worker processes: a worker whose lease ran out cannot undo
newer state (nor a registrar's decision), a slow stage keeps its lease alive while it runs, and
`process --until-idle` neither leaves work behind under a dead worker's lease nor exits 0 while
a live worker still holds some."""

from __future__ import annotations

import os
import signal
import time

from bot.db import session_scope
from bot.decisions import confirm
from bot.states import verify_chain
from tests.hostile.conftest import audit, child, cli, ingest, open_home, states, wait_for

MATCH = "extracted"  # the state whose stage (matching) is made slow


def _started(home):
    return list(home.glob("started-*"))


def test_a_late_worker_cannot_undo_a_registrars_confirmation(home, reaper):
    [item_id] = ingest(home, ["yttrande.pdf"])
    slow = child(home, "slow", MATCH, seconds=3)
    reaper.append(slow)
    wait_for(lambda: _started(home), what="the slow stage")
    os.kill(slow.pid, signal.SIGSTOP)  # frozen mid-stage, heartbeat and all (swapping, a VM pause)
    time.sleep(2.5)  # its 2-second lease runs out
    other = cli(home, "process", "--until-idle")
    assert other.returncode == 0, other.stderr
    assert states(home)[item_id][0] == "queued"
    with session_scope(open_home(home).engine) as session:
        confirm(session, item_id, "rut")
    os.kill(slow.pid, signal.SIGCONT)  # the late worker finishes its stage and tries to commit
    _out, err = slow.communicate(timeout=60)
    assert slow.returncode == 0, err
    assert states(home)[item_id][0] == "confirmed"
    events = audit(home, item_id)
    confirmed = events.index(("transition", "queued", "confirmed"))
    later = events[confirmed + 1:]
    assert not [e for e in later if e[0] == "transition"]  # no revert ...
    assert ("discarded", MATCH, None) in later  # ... only the note that a late result was dropped
    assert events.count(("transition", MATCH, "matched")) == 1
    with session_scope(open_home(home).engine) as session:
        assert verify_chain(session) is None


def test_a_slow_stage_keeps_its_lease_and_runs_once(home, reaper):
    [item_id] = ingest(home, ["yttrande.pdf"])
    slow = child(home, "slow", MATCH, seconds=20)  # 10 leases long: the heartbeat renews it;
    # long enough that the impatient run below starts (seconds on a loaded machine) before it ends
    reaper.append(slow)
    wait_for(lambda: _started(home), what="the slow stage")
    impatient = cli(home, "process", "--until-idle", "--wait", "0.5")
    assert impatient.returncode == 3  # work left, held by a live worker: not "done"
    assert f"post {item_id}: bearbetas fortfarande" in impatient.stderr
    patient = cli(home, "process", "--until-idle", "--wait", "60")
    assert patient.returncode == 0, patient.stderr
    slow.communicate(timeout=60)
    assert slow.returncode == 0
    assert states(home)[item_id][0] == "queued"
    events = audit(home, item_id)
    assert events.count(("transition", MATCH, "matched")) == 1
    assert not [e for e in events if e[0] == "discarded"]


def test_after_a_kill_process_until_idle_takes_over_at_once(home, reaper):
    (home / "diariebot.toml").write_text("lease_seconds = 600\npoll_seconds = 0.1\n")
    ids = ingest(home, ["a.pdf", "b.pdf"])
    slow = child(home, "slow", MATCH, seconds=30)
    reaper.append(slow)
    wait_for(lambda: _started(home), what="the slow stage")
    slow.kill()  # kill -9 mid-stage: its 10-minute lease stays in the database
    slow.wait(10)
    began = time.monotonic()
    after = cli(home, "process", "--until-idle")
    assert after.returncode == 0, after.stderr
    assert time.monotonic() - began < 60  # taken over at once, not after the lease ran out
    assert [states(home)[i][0] for i in ids] == ["queued", "queued"]

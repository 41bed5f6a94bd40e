"""bench/coverage.py runs end to end on a tiny municipality: it builds the campaign it says (in a
child process), measures every page and computation, plans real outreach messages, leaves the
record profiles as they were after timing their rebuild, and `coverage --json` run as a script
sees exactly the campaign built."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.coverage import GOALS_MS, PLANS, main

pytestmark = pytest.mark.slow

ARGS = ["--cases", "60", "--documents", "300", "--recovered", "0.3", "--queued", "30",
        "--samples", "4"]
CAMPAIGN = "(300 records, 90 recovered, 30 proposed,"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The work folder and what the first run printed (the child's lines too)."""
    work = tmp_path_factory.mktemp("coverage-bench")
    done = subprocess.run([sys.executable, "-m", "bench.coverage", str(work), *ARGS], cwd=ROOT,
                          capture_output=True, text=True, timeout=240, check=True)
    return work, done.stdout


def test_the_coverage_benchmark_measures_every_page_and_computation(first):
    _, out = first
    assert "registry import:" in out and "record profiles rebuilt:" in out
    for name in [*GOALS_MS, "most wanted page 1", *(f"outreach plan {n} records" for n in PLANS)]:
        assert re.search(rf"^{re.escape(name)} +\d+ +[\d.]+ +[\d.]+", out, re.M), name
    assert re.search(r"^most wanted page 1 +[\d.]+$", out, re.M)  # its memory line
    assert CAMPAIGN in out
    match = re.search(r"outreach of 200 records: (\d+) messages", out)
    assert match and int(match[1]) > 0


def test_a_second_run_measures_again_without_rebuilding(first, capfd):
    work, _ = first
    assert main([str(work), *ARGS]) == 0
    out = capfd.readouterr().out
    assert "registry import:" not in out
    assert "record profiles up to date" in out  # the timed rebuild was rolled back
    assert CAMPAIGN in out

"""Registry import at scale: wall time, CPU time and peak memory (max RSS of the importing
process, from the kernel) of `diariebot registry import` — first import, then re-import unchanged.

    python -m bench.registry_import                       # 120,000 cases / 500,000 documents,
                                                          # then a 1,000,000-case file
    python -m bench.registry_import --cases 20000 --documents 80000 --million 0   # quick

Each run is a process of its own (`python -m bot`), measured with wait4's rusage, so the figures
are the importer's alone. The CSVs come from bench.registry's generator. Goals: 500,000 records
in under 60 s; 1,000,000 rows under 500 MB; an unchanged re-import cheap. Wall time counts what
a shared machine takes from us; CPU time is the work itself. Results also go to
bench/out/registry_import.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.municipality import registry_only

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
Result = dict[str, Any]


def run_import(home: Path, files: list[Path]) -> Result:
    """One `registry import` in a child process: seconds, CPU seconds, peak RSS in MB."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_THREAD_LIMIT": "1"}
    began = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "bot", "--home", str(home), "registry",
                              "import", *map(str, files)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = child.stdout.read() if child.stdout else ""
    _pid, status, usage = os.wait4(child.pid, 0)
    return {"seconds": round(time.monotonic() - began, 1),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
            "peak_mb": round(usage.ru_maxrss / 1024), "exit": os.waitstatus_to_exitcode(status),
            "summary": out.strip()}


def twice(work: Path, name: str, rows: int, files: list[Path]) -> list[Result]:
    """Import the files into a fresh home, then again unchanged."""
    home = work / f"{name}-home"
    results = []
    for run in ("import", "re-import unchanged"):
        found = {"scenario": name, "run": run, "rows": rows, **run_import(home, files)}
        print(f"{name:<14} {run:<20} {rows:>9,} rows  {found['seconds']:>6} s wall  "
              f"{found['cpu_seconds']:>6} s cpu  {found['peak_mb']:>5} MB  exit {found['exit']}",
              flush=True)
        results.append(found)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=120_000, help="cases in the registry")
    parser.add_argument("--documents", type=int, default=500_000, help="their document records")
    parser.add_argument("--million", type=int, default=1_000_000,
                        help="rows of the big cases-only file (0 = skip it)")
    args = parser.parse_args(argv)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="registry-import-") as tmp:
        work = Path(tmp)
        data = registry_only(work / "registry", seed=11, cases=args.cases,
                             documents=args.documents)
        results += twice(work, "registry", args.cases + args.documents,
                         [data / "cases.csv", data / "documents.csv"])
        if args.million:  # the generator makes a record per case at least: only cases are read
            big = registry_only(work / "million", seed=12, cases=args.million,
                                documents=args.million)
            results += twice(work, "million-cases", args.million, [big / "cases.csv"])
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "registry_import.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

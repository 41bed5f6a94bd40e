"""Runs the product's CLI over a generated municipality and prints how well it matched.

    python -m bench.match --seed 11 --cases 2000 --documents 10000 --intake 1000 \\
        [--workdir DIR] [--keep] [--reuse DIR] [--json-out FILE]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.baseline import baseline_items
from bench.municipality import generate
from bench.scoring import Item, Ratio, Scores, file_hashes, normalise_case_number, score
from bench.speed import matching_speed

__all__ = ["normalise_case_number", "parse_items", "report", "score"]

ROWS: tuple[tuple[str, str], ...] = (
    ("case_top1_with_number", "case top-1, case number in text"),
    ("case_top1_without_number", "case top-1, no case number"),
    ("case_top3_all", "case top-3, all"),
    ("doc_top1", "document record top-1"),
    ("high_precision", "high: precision (case and record)"),
    ("high_precision_case", "high: precision (case)"),
    ("high_without_record", "high: no record proposed"),
    ("high_share", "high band: share of files"),
    ("foreign_high", "foreign documents given high"),
    ("exact_duplicates_linked", "exact duplicates linked"),
    ("near_duplicates_linked", "near duplicates linked"),
    ("mail_items_top1", "e-mail items' own case top-1"),
)


BASELINE_ROWS = {"case_top1_with_number", "case_top1_without_number", "case_top3_all",
                 "doc_top1"}


def run_cli(home: Path, *args: str) -> tuple[float, str]:
    """One `diariebot` command; its wall time and its standard output (errors pass through)."""
    command = [sys.executable, "-m", "bot", "--home", str(home), *args]
    started = time.perf_counter()
    done = subprocess.run(command, check=True, text=True, stdout=subprocess.PIPE)
    return time.perf_counter() - started, done.stdout


def parse_items(output: str) -> list[Item]:
    """The JSON array printed by `items --json` (tolerates log lines before it)."""
    start = output.find("[")
    if start < 0:
        raise ValueError("no JSON array in the output of 'items --json'")
    items = json.loads(output[start:])
    if not isinstance(items, list):
        raise ValueError("'items --json' did not print a list")
    return items


def run_product(municipality: Path, home: Path, submitter: str) -> tuple[dict[str, float],
                                                                         list[Item]]:
    """Imports the registry, ingests the intake, processes it; timings and items."""
    timings = {
        "import_cases": run_cli(home, "registry", "import", str(municipality / "cases.csv"))[0],
        "import_documents": run_cli(home, "registry", "import",
                                    str(municipality / "documents.csv"))[0],
        "ingest": run_cli(home, "ingest", str(municipality / "intake"),
                          "--submitter", submitter)[0],
        "process": run_cli(home, "process", "--until-idle", "--workers", "2")[0],
    }
    seconds, output = run_cli(home, "items", "--json")
    timings["items"] = seconds
    return timings, parse_items(output)


def percent(ratio: Ratio) -> str:
    return "–" if ratio.rate is None else f"{100 * ratio.rate:5.1f} %"


def report(scores: Scores, timings: dict[str, float], files: int,
           baseline: Scores | None = None) -> str:
    """The table printed at the end of a run, with plain BM25's figures beside ours."""
    lines = [f"{'figure':<36}{'n':>7}{'hits':>7}{'value':>10}{'BM25':>10}", "-" * 70]
    for name, label in ROWS:
        ratio: Ratio = getattr(scores, name)
        base = percent(getattr(baseline, name)) if baseline and name in BASELINE_ROWS else "–"
        lines.append(f"{label:<36}{ratio.n:>7}{ratio.hits:>7}{percent(ratio):>10}{base:>10}")
    lines.append(f"{'files missing from the items':<36}{len(scores.missing):>24}")
    lines.append("-" * 60)
    for phase, seconds in timings.items():
        lines.append(f"{'seconds: ' + phase:<36}{seconds:>24.1f}")
    per_doc = timings.get("process", 0.0) / files if files else 0.0
    lines.append(f"{'seconds per intake file (process)':<36}{per_doc:>24.3f}")
    return "\n".join(lines)


def results(scores: Scores, timings: dict[str, float], files: int) -> dict[str, Any]:
    per_doc = timings.get("process", 0.0) / files if files else None
    return {"files": files, "scores": scores.as_dict(), "timings": timings,
            "seconds_per_file_process": per_doc}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.match", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--intake", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, help="keep everything here (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="do not delete the temp dir")
    parser.add_argument("--reuse", type=Path, help="an already generated municipality")
    parser.add_argument("--json-out", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--submitter", default="anna.berg@example.se")
    parser.add_argument("--scale-documents", type=int, default=500_000,
                        help="registry size for the matching-time figure (0 = skip)")
    return parser.parse_args(argv)


def prepare(args: argparse.Namespace, workdir: Path) -> tuple[Path, float]:
    """The municipality to run on (generated unless reused) and the seconds it took."""
    if args.reuse:
        return args.reuse, 0.0
    started = time.perf_counter()
    target = workdir / "municipality"
    generate(target, seed=args.seed, cases=args.cases, documents=args.documents,
             intake=args.intake)
    return target, time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="diariebot-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        municipality, generation = prepare(args, workdir)
        truth = json.loads((municipality / "truth.json").read_text(encoding="utf-8"))
        home = workdir / "bench-home"
        shutil.rmtree(home, ignore_errors=True)  # each run starts from an empty product home
        timings, items = run_product(municipality, home, args.submitter)
        timings = {"generate": generation, **timings}
        hashes = file_hashes(municipality / "intake", truth)
        scores = score(items, truth, hashes)
        baseline = score(baseline_items(items, municipality, home), truth, hashes)
        if args.scale_documents:
            timings.update(matching_speed(home, workdir / "scale", args.scale_documents))
        print(report(scores, timings, len(truth), baseline))
        if args.json_out:
            out = results(scores, timings, len(truth))
            out["baseline_bm25"] = baseline.as_dict()
            text = json.dumps(out, indent=2)
            args.json_out.write_text(text + "\n", encoding="utf-8")
    finally:
        if args.workdir is None and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        elif args.workdir is None:
            print(f"kept {workdir}")


if __name__ == "__main__":
    main()

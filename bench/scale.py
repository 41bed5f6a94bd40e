"""Accuracy at scale: the same intake matched against a small registry (400 cases) and against
the same registry grown to municipal size (120,000 cases, 450,000 records), through the product's
CLI, on a world (bench.world) the model was never fitted on; plain BM25 beside it.

    python -m bench.scale --seed 31 [--sizes small,big] [--rematch] [--json-out FILE]
        [--cases 120000 --documents 450000 --intake 240 --small 400] [--out bench/out]

Everything generated is cached under --out: the world, a home per size with only the registry
imported, and the run's home. The large run is the small run's home with the large registry
imported into it (the same items, read once), matched again. `--rematch` keeps a run's items
and pages and only matches them again in-process: for working on the engine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from sqlalchemy import delete
from sqlmodel import col, select

from bench.baseline import baseline_items
from bench.match import ROWS, parse_items, percent, run_cli
from bench.scoring import Ratio, Scores, score
from bench.world import WorldSpec, make_world
from bot.context import open_context
from bot.db import session_scope
from bot.matching import index
from bot.matching.engine import propose
from bot.models import Item, Page, Proposal
from bot.settings import load_settings
from bot.states import DUPLICATE, MATCHED, QUEUED

SUBMITTERS = {"intake": "anna.berg@example.se", "intake-2": "per.ek@example.se"}
REMATCHED = (QUEUED, DUPLICATE, MATCHED)


def registry_home(world: Path, size: str) -> Path:
    """A product home holding only this size's registry (imported once, copied per run)."""
    home = world / f"registry-{size}"
    if (home / "ready").exists():
        return home
    shutil.rmtree(home, ignore_errors=True)
    for name in ("cases.csv", "documents.csv"):
        run_cli(home, "registry", "import", str(world / size / name))
    (home / "index-format").write_text(f"{index.FORMAT}\n", encoding="utf-8")
    (home / "ready").write_text("ok\n", encoding="utf-8")
    return home


def run_product(world: Path, size: str) -> tuple[Path, dict[str, float]]:
    """A fresh run: the registry home copied, both intake folders ingested, all processed."""
    home = world / f"run-{size}"
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(registry_home(world, size), home)
    _index_current(open_context(load_settings(home)), home)
    timings = {}
    for folder, submitter in SUBMITTERS.items():
        timings[f"ingest {folder}"] = run_cli(home, "ingest", str(world / folder),
                                              "--submitter", submitter)[0]
    timings["process"] = run_cli(home, "process", "--until-idle", "--workers", "2")[0]
    return home, timings


def grown_run(world: Path, size: str) -> tuple[Path, dict[str, float]]:
    """The small run's items (their text read once) against the registry grown to `size`:
    its home copied and the larger registry imported into it (the small registry's cases are
    part of it), as a real registry grows around the same intake. Duplicates are not linked
    again: their figures are the small run's."""
    small, home = world / "run-small", world / f"run-{size}"
    if not (small / "diariebot.db").exists():
        run_product(world, "small")
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(small, home)
    timings = {}
    for name in ("cases.csv", "documents.csv"):
        timings[f"import {name}"] = run_cli(home, "registry", "import",
                                            str(world / size / name))[0]
    (home / "index-format").write_text(f"{index.FORMAT}\n", encoding="utf-8")
    return home, timings


def _index_current(ctx: Any, home: Path) -> None:
    """Rebuilds the registry's search index when the engine's index format has changed."""
    marker = home / "index-format"
    if marker.exists() and marker.read_text(encoding="utf-8").strip() == str(index.FORMAT):
        return
    with session_scope(ctx.engine) as session:
        index.rebuild(session)
    marker.write_text(f"{index.FORMAT}\n", encoding="utf-8")


def rematch(home: Path) -> list[float]:
    """Matches every matched item again in-process (new proposals, the same states), as the
    match stage does; returns the seconds each took, the index already in memory."""
    ctx = open_context(load_settings(home))
    _index_current(ctx, home)
    with session_scope(ctx.engine) as session:
        index.postings(session)
        ids = session.exec(select(Item.id).where(col(Item.state).in_(REMATCHED),
                                                 col(Item.id).in_(select(Page.item_id)))).all()
    times = []
    for item_id in ids:
        with session_scope(ctx.engine) as session:
            item = session.get(Item, item_id)
            if item is None:
                continue
            started = time.perf_counter()
            proposals = propose(ctx, session, item)
            times.append(time.perf_counter() - started)
            session.execute(delete(Proposal).where(col(Proposal.item_id) == item_id))
            session.add_all(proposals)
    return times


def truth_hashes(world: Path, truth: list[dict[str, Any]]) -> dict[str, str]:
    found = {}
    for row in truth:
        for folder in SUBMITTERS:
            path = world / folder / row["file"]
            if path.is_file():
                found[row["file"]] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def evaluate(world: Path, size: str, home: Path, times: list[float]) -> dict[str, Any]:
    truth = json.loads((world / "truth.json").read_text(encoding="utf-8"))
    items = parse_items(run_cli(home, "items", "--json")[1])
    hashes = truth_hashes(world, truth)
    scores = score(items, truth, hashes)
    baseline = score(baseline_items(items, world / size, home), truth, hashes)
    times = sorted(times)
    return {"size": size, "scores": scores, "baseline": baseline,
            "match_ms_median": 1000 * statistics.median(times) if times else None,
            "match_ms_p95": 1000 * times[int(0.95 * (len(times) - 1))] if times else None}


def table(result: dict[str, Any]) -> str:
    scores: Scores = result["scores"]
    base: Scores = result["baseline"]
    lines = [f"== {result['size']} ==", f"{'figure':<36}{'n':>6}{'hits':>6}{'value':>9}{'BM25':>9}"]
    for name, label in ROWS:
        ratio: Ratio = getattr(scores, name)
        other = percent(getattr(base, name)) if name.startswith(("case_", "doc_")) else "–"
        lines.append(f"{label:<36}{ratio.n:>6}{ratio.hits:>6}{percent(ratio):>9}{other:>9}")
    for form, ratio in sorted(scores.top1_by_form.items()):
        lines.append(f"{'case top-1, ' + form:<36}{ratio.n:>6}{ratio.hits:>6}{percent(ratio):>9}")
    lines.append(f"{'files missing from the items':<36}{len(scores.missing):>12}")
    if result["match_ms_p95"] is not None:
        lines.append(f"{'matching per item, median / p95 ms':<36}"
                     f"{result['match_ms_median']:>12.1f}{result['match_ms_p95']:>9.1f}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--cases", type=int, default=120_000)
    parser.add_argument("--documents", type=int, default=450_000)
    parser.add_argument("--intake", type=int, default=240)
    parser.add_argument("--small", type=int, default=400)
    parser.add_argument("--sizes", default="small,big")
    parser.add_argument("--rematch", action="store_true",
                        help="match the cached run's items again instead of a fresh run")
    parser.add_argument("--fresh", action="store_true",
                        help="ingest and read the intake again for the large registry too "
                             "(default: the small run's items, matched against it)")
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    parser.add_argument("--json-out", type=Path)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    spec = WorldSpec(args.seed, args.cases, args.documents, args.intake, args.small)
    world = make_world(args.out, spec)
    out = {}
    for size in args.sizes.split(","):
        home = world / f"run-{size}"
        timings: dict[str, float] = {}
        if not args.rematch or not (home / "diariebot.db").exists():
            home, timings = (run_product(world, size) if size == "small" or args.fresh
                             else grown_run(world, size))
        result = evaluate(world, size, home, rematch(home))
        print(table(result), flush=True)
        out[size] = {"scores": result["scores"].as_dict(),
                     "baseline_bm25": result["baseline"].as_dict(), "timings": timings,
                     "match_ms_median": result["match_ms_median"],
                     "match_ms_p95": result["match_ms_p95"]}
    if args.json_out:
        args.json_out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

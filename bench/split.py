"""The split benchmark: generated scan batches, protocols and meeting packs through the
product's CLI.

    python -m bench.split --seed 2027 [--batches 4] [--scanned 2] [--protocols 8]
        [--scanned-protocols 2] [--packs 4] [--scanned-packs 2] [--dpi 200]
        [--kinds cover,blank,none] [--workdir DIR] [--no-throughput]

Prints a table of split and match figures, the proposed boundaries' precision and recall,
and the throughput of a 100-page scanned batch from the scan folder to queued parts."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import split_score
from bench.split_make import Plan, generate, throughput_batch


def cli(home: Path, *args: str) -> str:
    command = [sys.executable, "-m", "bot", "--home", str(home), *args]
    return subprocess.run(command, check=True, text=True, stdout=subprocess.PIPE).stdout


def _score(items: list[dict[str, Any]], truth: dict[str, Any]) -> split_score.Tally:
    tally = split_score.Tally()
    tops = {i["filename"]: i for i in items if i["parent_id"] is None}
    for name, want in sorted(truth.items()):
        parent = tops[name]
        prefix = ("scanned " if want["scanned"] else "text ") + (
            want["separator"] if want["kind"] == "batch" else
            "meeting packs" if want["kind"] == "pack" else "protocols")
        if want["kind"] == "pack":
            split_score.pack(tally, prefix, parent, items, want)
        elif want["kind"] == "protocol":
            split_score.protocol(tally, prefix, parent, items, want)
        elif want["separator"] == "none":
            split_score.boundaries(tally, prefix, parent, want)
        else:
            split_score.batch(tally, prefix, parent, items, want)
    return tally


def _throughput(work: Path, seed: int, dpi: int) -> tuple[int, float, bool]:
    path, truth = throughput_batch(work, seed, dpi)
    home = work / "home-100"
    home.mkdir()
    cli(home, "registry", "import", str(work / "registry" / "cases.csv"),
        str(work / "registry" / "documents.csv"))
    (home / "diariebot.toml").write_text(
        f'[connectors.skanner]\ntype = "folder"\npath = "{path.parent}"\nsettle_seconds = 0\n',
        encoding="utf-8")
    started = time.perf_counter()
    cli(home, "fetch")
    cli(home, "process", "--until-idle", "--workers", "2")
    seconds = time.perf_counter() - started
    items = json.loads(cli(home, "items", "--json"))
    queued = sum(1 for i in items if i["state"] == "queued")
    return truth["pages"], seconds, queued == len(truth["documents"])


def _report(tally: split_score.Tally, run_seconds: float) -> None:
    print(f"\n{'figure':<72} {'right':>7} {'of':>6} {'share':>7}")
    for key, ok, total in sorted(tally.rows()):
        share = f"{ok / total:.1%}" if total else "-"
        print(f"{key:<72} {ok:>7} {total:>6} {share:>7}")
    print(f"\nprocessing time of the material above: {run_seconds:.0f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--batches", type=int, default=4, help="batches per separator kind")
    parser.add_argument("--scanned", type=int, default=2, help="of them scanned (OCR)")
    parser.add_argument("--kinds", default="cover,blank,none", help="separator kinds")
    parser.add_argument("--protocols", type=int, default=8)
    parser.add_argument("--scanned-protocols", type=int, default=2)
    parser.add_argument("--packs", type=int, default=4, help="meeting packs")
    parser.add_argument("--scanned-packs", type=int, default=2, help="of them scanned (OCR)")
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--no-throughput", action="store_true")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-split-"))
    plan = Plan(args.batches, args.scanned, args.protocols, args.scanned_protocols, args.dpi,
                tuple(args.kinds.split(",")), args.packs, args.scanned_packs)
    truth = generate(work, args.seed, plan)
    home = work / "home"
    cli(home, "registry", "import", str(work / "registry" / "cases.csv"),
        str(work / "registry" / "documents.csv"))
    cli(home, "ingest", str(work / "intake"), "--submitter", "bench")
    started = time.perf_counter()
    cli(home, "process", "--until-idle", "--workers", "2")
    run_seconds = time.perf_counter() - started
    items = json.loads(cli(home, "items", "--json"))
    _report(_score(items, truth), run_seconds)
    if not args.no_throughput:
        pages, seconds, ok = _throughput(work, args.seed, args.dpi)
        print(f"throughput, {pages}-page scanned batch, scan folder to queued parts "
              f"(2 workers): {seconds:.0f} s = {pages / seconds * 60:.0f} pages/min"
              f"{'' if ok else ' (NOT all parts queued)'}")
    print(f"work folder: {work}")


if __name__ == "__main__":
    main()

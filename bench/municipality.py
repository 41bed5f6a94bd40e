"""Generates a synthetic Swedish municipality: registry CSVs, an intake folder of copies, truth.

    python -m bench.municipality OUT --seed 7 --cases 2000 --documents 10000 --intake 1000
    python -m bench.municipality OUT --registry-only --cases 100000 --documents 500000
    python -m bench.municipality OUT --demo
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

from bench.copies import Shares, make_files, plan, write_intake
from bench.registry import CASE_HEADER, DOC_HEADER, Case, RegDoc, case_row, doc_row, iter_registry
from bench.sources import SourcePicker

Registry = list[tuple[Case, list[RegDoc]]]


def write_registry(out_dir: Path, rows: Iterable[tuple[Case, list[RegDoc]]],
                   keep: bool) -> Registry:
    """Streams cases.csv and documents.csv; returns the records too when `keep` is set."""
    out_dir.mkdir(parents=True, exist_ok=True)
    kept: Registry = []
    with (open(out_dir / "cases.csv", "w", newline="", encoding="utf-8") as cases_file,
          open(out_dir / "documents.csv", "w", newline="", encoding="utf-8") as docs_file):
        cases, docs = csv.writer(cases_file), csv.writer(docs_file)
        cases.writerow(CASE_HEADER)
        docs.writerow(DOC_HEADER)
        for case, records in rows:
            cases.writerow(case_row(case))
            docs.writerows(doc_row(doc) for doc in records)
            if keep:
                kept.append((case, records))
    return kept


def registry_only(out_dir: Path, *, seed: int, cases: int, documents: int) -> Path:
    """Just the two CSVs, streamed to disk (fit for 100,000 cases and 500,000 documents)."""
    write_registry(out_dir, iter_registry(seed, cases, documents), keep=False)
    return out_dir


def clear_intake(out_dir: Path) -> None:
    """Removes an intake folder this generator made before; refuses to touch anything else."""
    folder = out_dir / "intake"
    if not folder.exists():
        return
    if not (out_dir / "truth.json").exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} holds files this generator did not make")
    shutil.rmtree(folder)


def generate(out_dir: Path, *, seed: int, cases: int, documents: int, intake: int,
             scan_share: float = 0.3, email_share: float = 0.3, no_number_share: float = 0.35,
             foreign_share: float = 0.05) -> Path:
    """Writes cases.csv, documents.csv, intake/ and truth.json; the same seed, the same bytes."""
    out_dir = Path(out_dir)
    clear_intake(out_dir)
    registry = write_registry(out_dir, iter_registry(seed, cases, documents), keep=True)
    rng = random.Random(f"intake-{seed}")
    entries = plan(rng, SourcePicker(rng, registry), intake,
                   Shares(scan_share, email_share, no_number_share, foreign_share))
    make_files(rng, entries)
    write_intake(out_dir, entries)
    return out_dir


def generate_demo(out_dir: Path) -> Path:
    """The small municipality the product's demo uses: a few seconds to make."""
    return generate(Path(out_dir), seed=1, cases=40, documents=150, intake=25)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.municipality", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write into")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--intake", type=int, default=1000)
    parser.add_argument("--scan-share", type=float, default=0.3)
    parser.add_argument("--email-share", type=float, default=0.3)
    parser.add_argument("--no-number-share", type=float, default=0.35)
    parser.add_argument("--foreign-share", type=float, default=0.05)
    parser.add_argument("--registry-only", action="store_true", help="write only the two CSVs")
    parser.add_argument("--demo", action="store_true", help="the demo preset (seed 1, small)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    if args.demo:
        generate_demo(args.out)
    elif args.registry_only:
        registry_only(args.out, seed=args.seed, cases=args.cases, documents=args.documents)
    else:
        generate(args.out, seed=args.seed, cases=args.cases, documents=args.documents,
                 intake=args.intake, scan_share=args.scan_share, email_share=args.email_share,
                 no_number_share=args.no_number_share, foreign_share=args.foreign_share)
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()

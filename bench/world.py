"""A municipality at two sizes, for accuracy at scale: one registry of twelve years (by default
120,000 cases, 450,000 records) in which each kind of case recurs the way real ones do, an intake
of copies drawn from it, and a small registry (400 cases) holding the intake's cases and others —
so the very same intake is matched at both sizes.

    python -m bench.world OUT --seed 31 [--cases 120000 --documents 450000 --intake 240 --small 400]

OUT gets big/ and small/ (cases.csv, documents.csv), intake/ (one submitter's copies), intake-2/
(copies a second person also sent) and truth.json. Made once: a finished folder is reused.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path

from bench.copies import Shares, make_files, plan, write_intake
from bench.municipality import Registry, write_registry
from bench.registry import iter_registry
from bench.sources import SourcePicker
from bench.style import StyledPicker

ATTACHED_SHARE = 0.35  # of the e-mails: forwarded as an attachment (message/rfc822)
OTHER_SUBMITTER_SHARE = 0.5  # of the exact copies: sent by a second person, not saved twice


@dataclass(frozen=True)
class WorldSpec:
    seed: int
    cases: int = 120_000
    documents: int = 450_000
    intake: int = 240
    small: int = 400

    def folder(self, root: Path) -> Path:
        return root / f"world-{self.seed}-{self.cases}-{self.intake}"


def small_registry(rng: random.Random, registry: Registry, wanted: set[str],
                   size: int) -> Registry:
    """The intake's cases and others drawn at random, in registry order, `size` in all."""
    others = [i for i, (case, _) in enumerate(registry) if case.case_number not in wanted]
    room = max(0, size - len(wanted))
    keep = set(rng.sample(others, min(room, len(others))))
    return [row for i, row in enumerate(registry)
            if i in keep or row[0].case_number in wanted]


def second_person(rng: random.Random, out: Path, truth: list[dict[str, object]]) -> None:
    """Moves some exact copies into intake-2/: the same bytes sent by someone else."""
    folder = out / "intake-2"
    folder.mkdir(exist_ok=True)
    for row in truth:
        if row.get("duplicate_kind") == "exact" and rng.random() < OTHER_SUBMITTER_SHARE:
            (out / "intake" / str(row["file"])).rename(folder / str(row["file"]))


def make_world(root: Path, spec: WorldSpec) -> Path:
    """Generates the world once; returns its folder."""
    out = spec.folder(root)
    if (out / "done").exists():
        return out
    registry = write_registry(out / "big", iter_registry(spec.seed, spec.cases, spec.documents,
                                                         recurring=True), keep=True)
    rng = random.Random(f"world-intake-{spec.seed}")
    picker: SourcePicker = StyledPicker(rng, registry, spec.seed)
    entries = plan(rng, picker, spec.intake, Shares(0.3, 0.35, 0.4, 0.05))
    for entry in entries:
        entry.as_attachment = entry.forward is not None and rng.random() < ATTACHED_SHARE
    make_files(rng, entries)
    write_intake(out, entries)
    wanted = {e.source.case.case_number for e in entries if e.source.case is not None}
    write_registry(out / "small", small_registry(rng, registry, wanted, spec.small), keep=False)
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    second_person(rng, out, truth)
    (out / "done").write_text("ok\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.world", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write the world's folder into")
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--cases", type=int, default=120_000)
    parser.add_argument("--documents", type=int, default=450_000)
    parser.add_argument("--intake", type=int, default=240)
    parser.add_argument("--small", type=int, default=400)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    spec = WorldSpec(args.seed, args.cases, args.documents, args.intake, args.small)
    folder = make_world(args.out, spec)
    print(f"wrote {folder} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()

"""Makes the intake folder: the copies, their duplicates, the scans (in parallel), the truth."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bench.degrade import make_scan
from bench.filenames import pdf_name, sanitise
from bench.intake import Entry, IntakePlanner, with_attachment
from bench.mail import forward_as_attachment_eml, forward_eml
from bench.render import render_job
from bench.sources import SourcePicker

DUPLICATE_SHARE = 0.03  # of the intake, for exact and for near duplicates each
PARALLEL_FROM = 20  # fewer files than this are not worth starting worker processes for
Mapper = Callable[[Callable[[Any], bytes], Iterable[Any]], Iterable[bytes]]


@dataclass(frozen=True)
class Shares:
    """How the intake is mixed."""

    scan: float = 0.3
    email: float = 0.3
    no_number: float = 0.35
    foreign: float = 0.05


def duplicate_counts(intake: int) -> tuple[int, int]:
    """(exact, near) duplicates: a few percent each, at least one each from ten files up."""
    if intake < 10:
        return 0, 0
    each = max(1, round(intake * DUPLICATE_SHARE))
    return each, each


def plan(rng: random.Random, picker: SourcePicker, intake: int, shares: Shares) -> list[Entry]:
    """Every intake file: originals in their forms, then near and exact duplicates."""
    planner = IntakePlanner(rng)
    exact, near = duplicate_counts(intake)
    entries = []
    for _ in range(intake - exact - near):
        source = picker.pick(shares.foreign, shares.no_number)
        roll = rng.random()
        make = (planner.as_scan if roll < shares.scan else
                planner.as_email if roll < shares.scan + shares.email else planner.as_text_pdf)
        entries.append(make(source))
    entries += near_duplicates(rng, planner, entries, near)
    entries += exact_duplicates(rng, planner, entries, exact)
    return entries


def near_duplicates(rng: random.Random, planner: IntakePlanner, entries: list[Entry],
                    count: int) -> list[Entry]:
    """The same document once more, scanned from paper."""
    pool = [e for e in entries if e.form == "text_pdf"] or [e for e in entries if e.form != "scan"]
    made = []
    for original in rng.sample(pool, min(count, len(pool))):
        entry = planner.as_scan(original.source)
        entry.duplicate_of, entry.duplicate_kind = original.file, "near"
        made.append(entry)
    return made


def exact_duplicates(rng: random.Random, planner: IntakePlanner, entries: list[Entry],
                     count: int) -> list[Entry]:
    """The same bytes again: saved twice under other names, or a PDF that was also mailed."""
    originals = [e for e in entries if e.duplicate_of is None]
    made = []
    for original in rng.sample(originals, min(count, len(originals))):
        if original.form == "text_pdf" and rng.random() < 0.4:
            entry = planner.as_email(original.source, scanned=False)
        else:
            entry = Entry(planner.name(copy_name(rng, original)), original.form,
                          original.source, copy_of=original, attachment=original.attachment)
        entry.duplicate_of, entry.duplicate_kind = original.file, "exact"
        made.append(entry)
    return made


def copy_name(rng: random.Random, original: Entry) -> str:
    """Another person's name for the same file."""
    source, suffix = original.source, Path(original.file).suffix
    if original.form == "text_pdf" and source.case and source.doc:
        return pdf_name(rng, source.case, source.doc, source.number is not None)
    stem = sanitise(source.letter.heading, 40) if rng.random() < 0.5 else Path(original.file).stem
    return f"{stem} - kopia{suffix}"


def make_files(rng: random.Random, entries: list[Entry], workers: int | None = None) -> None:
    """Renders every PDF and scan (in worker processes when there are many), then the rest."""
    workers = workers or os.cpu_count() or 1
    if len(entries) >= PARALLEL_FROM and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            render(entries, pool.map)
    else:
        render(entries, map)
    finish(rng, entries)


def render(entries: list[Entry], mapper: Mapper) -> None:
    """Text PDFs of every source first, then the scans made from them."""
    sources = list({id(e.source): e.source for e in entries}.values())
    for source, pdf in zip(sources, mapper(render_job, [(s.letter, s.font) for s in sources]),
                           strict=True):
        source.pdf = pdf
    scanned = [e for e in entries if e.scan is not None]
    jobs = [replace(e.scan, pdf=e.source.pdf) for e in scanned if e.scan is not None]
    for entry, data in zip(scanned, mapper(make_scan, jobs), strict=True):
        if entry.forward is not None:
            entry.forward = with_attachment(entry.forward, data)
        else:
            entry.data = data


def finish(rng: random.Random, entries: list[Entry]) -> None:
    """Text PDFs and e-mails get their bytes; copies take their original's bytes."""
    for entry in entries:
        if entry.copy_of is not None:
            continue
        if entry.form == "text_pdf":
            entry.data = entry.source.pdf
        elif entry.forward is not None:
            if not entry.forward.attachment:
                entry.forward = with_attachment(entry.forward, entry.source.pdf)
            entry.data = (forward_as_attachment_eml(rng, entry.forward) if entry.as_attachment
                          else forward_eml(rng, entry.forward, entry.with_html))
    for entry in entries:
        if entry.copy_of is not None:
            entry.data = entry.copy_of.data


def truth_row(entry: Entry) -> dict[str, object]:
    source = entry.source
    extra = {"as_attachment": True} if entry.as_attachment else {}
    return {
        "file": entry.file,
        "case_number": source.case.case_number if source.case else None,
        "doc_number": source.doc.doc_number if source.doc else None,
        "has_case_number": source.number is not None,
        "form": entry.form,
        "duplicate_of": entry.duplicate_of,
        "duplicate_kind": entry.duplicate_kind,
        "foreign": source.foreign,
        "attachment": entry.attachment,
        **extra,
    }


def write_intake(out_dir: Path, entries: list[Entry]) -> None:
    folder = out_dir / "intake"
    folder.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        (folder / entry.file).write_bytes(entry.data)
    rows = sorted((truth_row(e) for e in entries), key=lambda row: str(row["file"]))
    text = json.dumps(rows, ensure_ascii=False, indent=1)
    (out_dir / "truth.json").write_text(text + "\n", encoding="utf-8")

"""Writes the split benchmark's material: a registry with protocol records, scan batches
(cover sheets, blank separators, none), protocols and meeting packs (text layer and scanned),
a 100-page batch for throughput, and the truth of each as JSON."""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench import batches, meetingpacks, protocol_pdf, protocols
from bench.degrade import ScanJob, make_scan
from bench.municipality import write_registry
from bench.registry import iter_registry, weekday

BOARDS = ("KS", "BN", "UN", "SN")
KINDS = batches.SEPARATORS


def _scan(pdf: bytes, seed: int, dpi: int) -> bytes:
    return make_scan(ScanJob(pdf, seed, dpi, "pdf"))


def _protocols(rng: random.Random, registry: list[Any], count: int) -> list[protocols.Protocol]:
    made = []
    for _ in range(count):
        board = rng.choice(BOARDS)
        meeting = weekday(date(rng.randint(2018, 2024), 1, 10) + timedelta(rng.randint(0, 330)))
        protocol = protocols.plan(rng, registry, board, meeting, rng.randint(20, 60))
        protocol_pdf.render(protocol, rng)
        made.append(protocol)
    return made


def _batch_truth(batch: batches.Batch) -> dict[str, Any]:
    return {"separator": batch.separator, "pages": batch.page_count,
            "set_aside": batch.set_aside, "documents": [asdict(d) for d in batch.documents]}


def _protocol_truth(protocol: protocols.Protocol) -> dict[str, Any]:
    return {"board": protocol.board, "meeting": protocol.meeting.isoformat(),
            "style": asdict(protocol.style),
            "whole": list(protocol.whole) if protocol.whole else None,
            "paragraphs": [asdict(p) for p in protocol.paragraphs]}


@dataclass
class Plan:
    """How much material: batches per separator kind (of them scanned), protocols (of them
    scanned), the scan resolution, which separator kinds, meeting packs (of them scanned)."""

    batches: int = 4
    scanned: int = 2
    protocols: int = 8
    scanned_protocols: int = 2
    dpi: int = 200
    kinds: tuple[str, ...] = KINDS
    packs: int = 4
    scanned_packs: int = 2


def _batches(out: Path, rng: random.Random, registry: list[Any], plan: Plan,
             seed: int) -> dict[str, Any]:
    """Batches of every kind are made, so that a seed's batches of one kind are the same
    whichever kinds are asked for; only those asked for are written."""
    truth = {}
    for kind in KINDS:
        for n in range(plan.batches):
            count = 7
            batch = batches.make(rng, batches.pick_records(rng, registry, count), kind,
                                 40 if kind == "none" else 40 - (count - 1))
            if kind not in plan.kinds:
                continue
            name = f"batch-{kind}-{n:02d}.pdf"
            is_scan = n < plan.scanned
            data = _scan(batch.pdf, seed + n, plan.dpi) if is_scan else batch.pdf
            (out / name).write_bytes(data)
            truth[name] = {"kind": "batch", "scanned": is_scan, **_batch_truth(batch)}
    return truth


def _packs(out: Path, registry: list[Any], plan: Plan, seed: int) -> dict[str, Any]:
    """Meeting packs from a random stream of their own, so that adding them changes no
    batch or protocol of a seed."""
    rng, truth = random.Random(f"packs-{seed}"), {}
    for n in range(plan.packs):
        pack = meetingpacks.plan(rng, registry, seed)
        is_scan = n < plan.scanned_packs
        name = f"kallelse-{n:02d}.pdf"
        (out / name).write_bytes(_scan(pack.pdf, seed + 200 + n, plan.dpi) if is_scan
                                 else pack.pdf)
        truth[name] = {"kind": "pack", "scanned": is_scan, "board": pack.board,
                       "meeting": pack.meeting.isoformat(), "agenda": list(pack.agenda),
                       "pages": pack.documents[-1].pages[1],
                       "documents": [asdict(d) for d in pack.documents]}
    return truth


def generate(out: Path, seed: int, plan: Plan) -> dict[str, Any]:
    """Everything under `out`: registry/, intake/ (one file each) and truth.json."""
    rng = random.Random(seed)
    registry = list(iter_registry(seed, 3000, 15000))
    made = _protocols(rng, registry, plan.protocols)
    write_registry(out / "registry", registry, keep=False)
    intake = out / "intake"
    intake.mkdir(parents=True, exist_ok=True)
    truth = _batches(intake, rng, registry, plan, seed)
    scanned_protocols, dpi = plan.scanned_protocols, plan.dpi
    for n, protocol in enumerate(made):
        is_scan = n < scanned_protocols
        name = f"protokoll-{n:02d}.pdf"
        (intake / name).write_bytes(_scan(protocol.pdf, seed + 100 + n, dpi) if is_scan
                                    else protocol.pdf)
        truth[name] = {"kind": "protocol", "scanned": is_scan, **_protocol_truth(protocol)}
    truth |= _packs(intake, registry, plan, seed)
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1),
                                    encoding="utf-8")
    return truth


def throughput_batch(out: Path, seed: int, dpi: int) -> tuple[Path, dict[str, Any]]:
    """A scanned batch of about 100 pages with cover sheets, for the arrival-to-queue time."""
    rng = random.Random(seed + 7)
    registry = list(iter_registry(seed, 3000, 15000))
    batch = batches.make(rng, batches.pick_records(rng, registry, 15), "cover", 86)
    path = out / "scan-100" / "SKMBT_C36425031512340.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_scan(batch.pdf, seed + 7, dpi))
    return path, _batch_truth(batch)

"""Fits the matching models (bot/matching/model.json) on a world (bench.world) at both registry
sizes: the case model over every (item, candidate case) pair, the record model over the true
case's records, then the bands — the whole proposal's 'high' threshold is the lowest score at
which top-1 proposals (case and record) are right TARGET_PRECISION of the time at every size.
Fit on one seed; evaluate with bench.scale on others.

    python -m bench.fit --seed 101 [--intake 400] [--sizes small,big]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bench.logit import fit_conditional_logit
from bench.match import parse_items, run_cli
from bench.scale import grown_run, run_product, truth_hashes
from bench.scoring import ItemIndex, normalise_case_number
from bench.world import WorldSpec, make_world
from bot.context import Context, open_context
from bot.db import session_scope
from bot.matching.documents import DOC_NAMES, record_features
from bot.matching.engine import propose, score_candidates
from bot.matching.features import NAMES
from bot.matching.model import MODEL_FILE, load
from bot.matching.numbers import document_number
from bot.matching.sources import sources_for
from bot.models import Case, Item, RegistryDocument
from bot.settings import load_settings

TARGET_PRECISION = 0.998  # the high band must be right this often on the fitting data
RECORD_PRECISION = 0.98  # the record's own 'high', given the right case
CONTENT = [i for i, n in enumerate(NAMES) if not n.startswith("number")]
Row = dict[str, Any]


@dataclass
class Pairs:
    """Feature rows of one model, their labels and the group (item) of each."""

    rows: list[list[float]] = field(default_factory=list)
    labels: list[float] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)

    def add(self, values: list[float], label: bool, group: int) -> None:
        self.rows.append(values)
        self.labels.append(float(label))
        self.groups.append(group)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, list[int]]:
        return np.array(self.rows, dtype=float), np.array(self.labels), list(self.groups)


def fitting_items(world: Path, home: Path) -> list[tuple[int, Row]]:
    """(item id, truth row) of every original the product kept, foreign ones included."""
    truth = json.loads((world / "truth.json").read_text(encoding="utf-8"))
    items = parse_items(run_cli(home, "items", "--json")[1])
    index, hashes = ItemIndex(items), truth_hashes(world, truth)
    found = []
    for row in truth:
        top = index.find(row["file"], hashes)
        if top is not None and not row.get("duplicate_of"):
            found.append((int(index.scored(top)["id"]), row))
    return found


def collect_pairs(ctx: Context, items: list[tuple[int, Row]], cases: Pairs, records: Pairs,
                  offset: int) -> None:
    with session_scope(ctx.engine) as session:
        for n, (item_id, row) in enumerate(items):
            item = session.get(Item, item_id)
            if item is None:
                continue
            want = normalise_case_number(row.get("case_number"))
            view, scored = score_candidates(ctx, session, item, sources_for(session, item))
            for s in scored:
                right = normalise_case_number(s.view.case.case_number) == want
                cases.add(s.values, right, offset + n)
                if right and s.view.documents:
                    written = document_number(s.numbers) if s.numbers else None
                    for doc in s.view.documents:
                        records.add(record_features(view, doc, written),
                                    doc.doc_number == row.get("doc_number"), offset + n)


NUMBER = [i for i, n in enumerate(NAMES) if n.startswith("number")]
COL = {n: i for i, n in enumerate(NAMES)}


def augment(x: np.ndarray, y: np.ndarray, groups: list[int]) -> tuple[np.ndarray, np.ndarray,
                                                                        list[int]]:
    """Adds two kinds of item real intake has and generated intake seldom does.

    A bare cover letter: every item whose true case has a clearly read number, once more with
    every content feature zeroed (följebrev, a one-line reply with the Dnr) — without these the
    model would learn that a clear number alone is not enough.

    A misread number in a dense registry: every item whose true case has a number and content
    that agrees, once more as if OCR had misread one digit so that the number names another real
    case — the true case keeps its content, loses its number and is one digit off the written
    one; the other case has the number, unconfirmed, and no content. Without these the model
    would follow any number, as a small registry (where misreads find nothing) teaches it."""
    clear = x[:, COL["number_clear"]] > 0
    agrees = (x[:, COL["title"]] >= 0.5) | (x[:, COL["property"]] > 0)
    rows, labels, extra = [x], [y], []
    offset = max(groups, default=0) + 1
    for i, (g, label) in enumerate(zip(groups, y, strict=True)):
        if label != 1 or x[i, COL["number"]] <= 0:
            continue
        if clear[i]:
            bare = x[i].copy()
            bare[CONTENT] = 0.0
            rows.append(bare[None, :])
            labels.append(np.array([1.0]))
            extra.append(offset + g)
        if agrees[i]:
            rows.append(np.vstack(misread(x[i])))
            labels.append(np.array([1.0, 0.0]))
            extra += [2 * offset + g] * 2
    return np.vstack(rows), np.concatenate(labels), groups + extra


def misread(true_row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    right = true_row.copy()
    right[NUMBER] = 0.0
    right[COL["number_near"]] = 1.0
    right[COL["number_other"]] = true_row[COL["number"]]
    decoy = np.zeros_like(true_row)
    for name in ("number", "number_label", "number_own"):
        decoy[COL[name]] = true_row[COL[name]]
    decoy[COL["number_unconfirmed"]] = 1.0
    return right, decoy


def outcomes(ctx: Context, items: list[tuple[int, Row]]) -> list[tuple[float, bool, bool, Any]]:
    """Per item, with the fitted model: the top proposal's score, whether it would be demoted
    from high by the engine's rules, whether case and record are right, and its record score."""
    found = []
    with session_scope(ctx.engine) as session:
        for item_id, row in items:
            item = session.get(Item, item_id)
            proposals = propose(ctx, session, item) if item is not None else []
            if not proposals:
                continue
            top = proposals[0]
            case = session.get(Case, top.case_id)
            doc = session.get(RegistryDocument, top.document_id) if top.document_id else None
            case_right = case is not None and normalise_case_number(
                case.case_number) == normalise_case_number(row.get("case_number"))
            record_right = doc is None or doc.doc_number == row.get("doc_number")
            capped = top.score >= load().high and top.confidence != "high"
            record = (top.doc_score, doc is not None and record_right) if case_right else (
                None, False)  # the record's own band is its precision given the right case
            found.append((top.score, capped, case_right and record_right, record))
    return found


def threshold(scores: np.ndarray, right: np.ndarray, target: float, floor: float) -> float:
    """The lowest score above which the top proposals are right `target` of the time."""
    order = np.argsort(-scores, kind="stable")
    precision = np.cumsum(right[order]) / np.arange(1, len(order) + 1)
    ok = np.nonzero(precision >= target)[0]
    if len(ok) == 0:
        return 0.999
    return float(max(floor, scores[order][ok.max()]))


def fitted_json(case: tuple[np.ndarray, float], record: tuple[np.ndarray, float],
                bands: dict[str, float], note: str) -> dict[str, Any]:
    return {
        "note": note,
        "weights": {n: round(float(v), 4) for n, v in zip(NAMES, case[0], strict=True)},
        "bias": round(case[1], 4),
        "record": {"weights": {n: round(float(v), 4)
                               for n, v in zip(DOC_NAMES, record[0], strict=True)},
                   "bias": round(record[1], 4)},
        **{k: round(v, 4) for k, v in bands.items()},
    }


def calibrated(scores: np.ndarray, target: float) -> float:
    """The lowest score above which the model itself expects the top proposals to be right
    `target` of the time (the mean score there): a few hundred fitting items cannot show an
    error rate of 0.2 %, so the model's own belief must agree too."""
    ordered = np.sort(scores)[::-1]
    expected = np.cumsum(ordered) / np.arange(1, len(ordered) + 1)
    ok = np.nonzero(expected >= target)[0]
    return float(ordered[ok.max()]) if len(ok) else 0.999


def bands_from(results: list[list[tuple[float, bool, bool, Any]]]) -> dict[str, float]:
    """'high' at the strictest threshold any size needs, measured and expected; the record's own
    band likewise."""
    high, record_high = 0.9, 0.9
    for found in results:
        usable = [(s, r) for s, capped, r, _ in found if not capped]
        scores, right = np.array([s for s, _ in usable]), np.array([r for _, r in usable], float)
        high = max(high, threshold(scores, right, TARGET_PRECISION, 0.9),
                   calibrated(scores, TARGET_PRECISION))
        docs = [rec for *_, rec in found if rec[0] is not None]
        record_high = max(record_high, threshold(np.array([d for d, _ in docs]),
                                                 np.array([r for _, r in docs], float),
                                                 RECORD_PRECISION, 0.8))
    # A whole proposal that is 'high' was judged on its case and its record together (and the
    # record's score is at least the whole's): its record is never less than 'high'.
    record_high = min(record_high, high)
    return {"high": high, "medium": 0.5, "record_high": record_high, "record_medium": 0.5}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fit", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=101)
    parser.add_argument("--cases", type=int, default=120_000)
    parser.add_argument("--documents", type=int, default=450_000)
    parser.add_argument("--intake", type=int, default=400)
    parser.add_argument("--small", type=int, default=400)
    parser.add_argument("--sizes", default="small,big")
    parser.add_argument("--bands-only", action="store_true",
                        help="keep the fitted weights, recompute only the bands (thresholds)")
    parser.add_argument("--bench-out", type=Path, default=Path("bench/out"))
    args = parser.parse_args(argv)
    spec = WorldSpec(args.seed, args.cases, args.documents, args.intake, args.small)
    world = make_world(args.bench_out, spec)
    cases, records = Pairs(), Pairs()
    runs = []
    for n, size in enumerate(args.sizes.split(",")):
        home = world / f"run-{size}"
        if not (home / "diariebot.db").exists():
            home, _ = run_product(world, size) if size == "small" else grown_run(world, size)
        ctx = open_context(load_settings(home))
        items = fitting_items(world, home)
        if not args.bands_only:
            collect_pairs(ctx, items, cases, records, 100_000 * n)
        runs.append((ctx, items))
    if args.bands_only:
        current = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
        current.update(bands_from([outcomes(ctx, items) for ctx, items in runs]))
        MODEL_FILE.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(current))
        return
    case_fit = fit_conditional_logit(*augment(*cases.arrays()))
    record_fit = fit_conditional_logit(*records.arrays())
    note = (f"fitted by bench/fit.py on world seed {args.seed} ({args.sizes}: {args.small} and "
            f"{args.cases} cases, {args.intake} intake files)")
    provisional = {"high": 0.9, "medium": 0.5, "record_high": 0.9, "record_medium": 0.5}
    MODEL_FILE.write_text(json.dumps(fitted_json(case_fit, record_fit, provisional, note),
                                     indent=2) + "\n", encoding="utf-8")
    load.cache_clear()
    bands = bands_from([outcomes(ctx, items) for ctx, items in runs])
    MODEL_FILE.write_text(json.dumps(fitted_json(case_fit, record_fit, bands, note),
                                     indent=2) + "\n", encoding="utf-8")
    load.cache_clear()
    print(json.dumps(bands), f"{len(cases.labels)} case pairs, {len(records.labels)} record rows")
    for name, value in [*zip(NAMES, case_fit[0], strict=True),
                        *zip(DOC_NAMES, record_fit[0], strict=True)]:
        print(f"  {name:<22} {value:+.3f}")


if __name__ == "__main__":
    main()

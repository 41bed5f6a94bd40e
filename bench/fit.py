"""Fits the matching model (bot/matching/model.json): a logistic regression over the named
features of every (item, candidate case) pair in a generated municipality, plus the score
thresholds of the confidence bands. Fit on one seed; evaluate with bench/match.py on another.

    python -m bench.fit --seed 101 --cases 1000 --documents 5000 --intake 400 [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from bench.match import run_product
from bench.municipality import generate
from bench.scoring import ItemIndex, file_hashes, normalise_case_number
from bot.context import open_context
from bot.db import session_scope
from bot.matching.engine import score_candidates
from bot.matching.features import NAMES
from bot.matching.model import MODEL_FILE
from bot.matching.numbers import sources_for
from bot.models import Item
from bot.settings import load_settings

TARGET_PRECISION = 0.998  # the high band must be right this often on the fitting data


def pairs(home: Path, municipality: Path) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Feature rows, labels (1 = the true case) and the item each row belongs to."""
    truth = json.loads((municipality / "truth.json").read_text(encoding="utf-8"))
    _, items = run_product(municipality, home, "fit@example.se")
    index, hashes = ItemIndex(items), file_hashes(municipality / "intake", truth)
    ctx = open_context(load_settings(home))
    rows, labels, groups = [], [], []
    with session_scope(ctx.engine) as session:
        for n, row in enumerate(truth):
            top = index.find(row["file"], hashes)
            if top is None or row.get("duplicate_of"):
                continue
            item = session.get(Item, int(index.scored(top)["id"]))
            if item is None:
                continue
            want = normalise_case_number(row.get("case_number"))
            _, scored = score_candidates(ctx, session, item, sources_for(session, item))
            for s in scored:
                rows.append(s.values)
                labels.append(int(normalise_case_number(s.view.case.case_number) == want))
                groups.append(n)
    return np.array(rows, dtype=float), np.array(labels, dtype=float), groups


CONTENT = [i for i, n in enumerate(NAMES) if not n.startswith("number")]


def augment(x: np.ndarray, y: np.ndarray, groups: list[int]) -> tuple[np.ndarray, np.ndarray,
                                                                        list[int]]:
    """Add, for every item whose true case has case-number evidence, the same item as a bare
    cover letter: number features kept, every content feature zeroed. Real intake has such
    letters (följebrev, a one-line reply with the Dnr); generated letters always carry content,
    and without these rows the model would learn that a case number alone is not enough."""
    numbered = {g for g, row, label in zip(groups, x, y, strict=True)
                if label == 1 and row[NAMES.index("number")] > 0}
    keep = [i for i, g in enumerate(groups) if g in numbered]
    bare = x[keep].copy()
    bare[:, CONTENT] = 0.0
    offset = max(groups, default=0) + 1
    return (np.vstack([x, bare]), np.concatenate([y, y[keep]]),
            groups + [offset + groups[i] for i in keep])


def fit_conditional_logit(x: np.ndarray, y: np.ndarray, groups: list[int],
                          l2: float = 0.1) -> tuple[np.ndarray, float]:
    """Newton's method on the conditional logit with a 'none' option (logit 0): for each item,
    P(candidate i) = exp(z_i) / (1 + sum_j exp(z_j)); L2 penalty on the weights."""
    design = np.hstack([x, np.ones((len(x), 1))])
    order = np.argsort(np.array(groups), kind="stable")
    design, y, g = design[order], y[order], np.array(groups)[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    theta = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 1e-4

    def loss(t: np.ndarray) -> float:
        p = _shares(design @ t, starts, len(g))
        none = 1.0 - np.add.reduceat(p, starts)
        picked = np.add.reduceat(p * y, starts) + none * (np.add.reduceat(y, starts) == 0)
        return float(-np.log(np.maximum(picked, 1e-300)).sum() + 0.5 * penalty @ (t * t))

    for _ in range(100):
        p = _shares(design @ theta, starts, len(g))
        mean = np.add.reduceat(design * p[:, None], starts)  # per item: sum_i p_i x_i
        grad = (design * (p - y)[:, None]).sum(axis=0) + penalty * theta
        outer = (design * p[:, None]).T @ design - mean.T @ mean
        step = np.linalg.solve(outer + np.diag(penalty + 1e-9), grad)
        current, scale = loss(theta), 1.0
        while loss(theta - scale * step) > current and scale > 1e-6:
            scale /= 2  # damped Newton: never let the likelihood get worse
        theta -= scale * step
        if np.abs(scale * step).max() < 1e-7:
            break
    return theta[:-1], float(theta[-1])


def _shares(z: np.ndarray, starts: np.ndarray, n: int) -> np.ndarray:
    """Per row: exp(z_i) / (1 + sum of exp(z) over its item), numerically stable."""
    z = np.clip(z, -50, 50)
    sizes = np.diff(np.r_[starts, n])
    top = np.maximum(np.maximum.reduceat(z, starts), 0.0)
    e = np.exp(z - np.repeat(top, sizes))
    total = np.exp(-top) + np.add.reduceat(e, starts)
    return e / np.repeat(total, sizes)


def high_threshold(scores: np.ndarray, right: np.ndarray) -> float:
    """The lowest top-1 score above which top-1 proposals are right TARGET_PRECISION of the time."""
    order = np.argsort(-scores)
    precision = np.cumsum(right[order]) / np.arange(1, len(order) + 1)
    ok = np.nonzero(precision >= TARGET_PRECISION)[0]
    if len(ok) == 0:
        return 0.999
    return float(max(0.9, scores[order][ok.max()]))


def top1(x: np.ndarray, y: np.ndarray, groups: list[int], w: np.ndarray,
         b: float) -> tuple[np.ndarray, np.ndarray]:
    """Per item: the best candidate's probability and whether it is the true case."""
    order = np.argsort(np.array(groups), kind="stable")
    g = np.array(groups)[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    p = _shares(x[order] @ w + b, starts, len(g))
    best, right = [], []
    for lo, hi in zip(starts, np.r_[starts[1:], len(g)], strict=True):
        i = lo + int(np.argmax(p[lo:hi]))
        best.append(p[i])
        right.append(y[order][i])
    return np.array(best), np.array(right)


def model_json(w: np.ndarray, b: float, high: float, args: argparse.Namespace) -> dict[str, Any]:
    return {
        "note": f"fitted by bench/fit.py on seed {args.seed} ({args.cases} cases, "
                f"{args.documents} documents, {args.intake} intake files)",
        "weights": {n: round(float(v), 4) for n, v in zip(NAMES, w, strict=True)},
        "bias": round(b, 4),
        "high": round(high, 4),
        "medium": 0.5,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fit", description=__doc__)
    for name, default in (("seed", 101), ("cases", 1000), ("documents", 5000), ("intake", 400)):
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="diariebot-fit-"))
    municipality = work / "municipality"
    if not (municipality / "truth.json").exists():
        generate(municipality, seed=args.seed, cases=args.cases, documents=args.documents,
                 intake=args.intake)
    x, y, groups = augment(*pairs(work / "home", municipality))
    w, b = fit_conditional_logit(x, y, groups)
    scores, right = top1(x, y, groups, w, b)
    high = high_threshold(scores, right)
    args.out.write_text(json.dumps(model_json(w, b, high, args), indent=2) + "\n",
                        encoding="utf-8")
    print(f"{len(y)} pairs, {int(y.sum())} true, {len(scores)} items; top-1 right "
          f"{right.mean():.3f}; high from {high:.3f}: {(scores >= high).mean():.2f} of items")
    for name, value in zip(NAMES, w, strict=True):
        print(f"  {name:<18} {value:+.3f}")
    print(f"  {'bias':<18} {b:+.3f}")


if __name__ == "__main__":
    main()

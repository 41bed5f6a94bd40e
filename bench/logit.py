"""The conditional logit with a "none of them" option, fitted by damped Newton's method: for each
group (an item), P(row i) = exp(z_i) / (1 + sum_j exp(z_j)), z = x·w + b, L2 penalty on w."""

from __future__ import annotations

import numpy as np


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

"""The scoring models: conditional logits over one item's candidate cases, and over one case's
document records, each plus the option "none of them" — P(i) = exp(z_i) / (1 + sum_j exp(z_j)),
z = w·features + bias — so candidates share one belief and a coin flip between two is 0.5 each,
never 'high'. The whole proposal's score is P(case) × P(record | case); its bands are
thresholds on that product. Weights and thresholds are JSON beside this file, fitted by
bench/fit.py on generated municipalities at both registry sizes."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_FILE = Path(__file__).with_name("model.json")
# Until a record model is fitted: the sub-number written in the text decides, then the item's
# own date against the registration, the description in its heading, a missing file.
DEFAULT_RECORD = {
    "weights": {"written": 6.0, "own_exact": 3.0, "own_near": 1.5,
                "date_exact": 1.0, "desc_heading": 2.0, "desc_any": 1.0, "counterpart": 1.0,
                "direction": 0.5, "missing": 1.5},
    "bias": -2.5,
}


@dataclass(frozen=True)
class Logit:
    """One conditional logit: named weights and a bias."""

    weights: dict[str, float]
    bias: float

    def logit(self, values: Sequence[float], names: Sequence[str]) -> float:
        return self.bias + sum(self.weights.get(n, 0.0) * v
                               for n, v in zip(names, values, strict=True))

    def probabilities(self, rows: list[list[float]], names: Sequence[str]) -> list[float]:
        """The probability of each row (the rest: none of them)."""
        if not rows:
            return []
        weights = np.array([self.weights.get(n, 0.0) for n in names])
        logits = np.asarray(rows, dtype=float) @ weights + self.bias
        top = max(0.0, float(logits.max()))
        exps = np.exp(logits - top)
        return [float(p) for p in exps / (math.exp(-top) + exps.sum())]


@dataclass(frozen=True)
class Model:
    case: Logit
    record: Logit
    high: float  # the whole proposal (case and record) at or above this is 'high'
    medium: float
    record_high: float  # the record's own band, given the case
    record_medium: float

    def band(self, score: float) -> str:
        return "high" if score >= self.high else "medium" if score >= self.medium else "low"

    def record_band(self, score: float) -> str:
        return ("high" if score >= self.record_high
                else "medium" if score >= self.record_medium else "low")


def _logit(data: dict[str, Any]) -> Logit:
    return Logit(dict(data["weights"]), float(data["bias"]))


@lru_cache(maxsize=1)
def load(path: Path = MODEL_FILE) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(_logit(data), _logit(data.get("record", DEFAULT_RECORD)), data["high"],
                 data["medium"], data.get("record_high", 0.9), data.get("record_medium", 0.5))

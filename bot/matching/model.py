"""The scoring model: a conditional logit over one item's candidate cases plus the option
"none of them" — P(case i) = exp(z_i) / (1 + sum_j exp(z_j)), z = w·features + bias — so the
candidates share one belief and a coin flip between two cases is 0.5 each, never 'high'.
Weights and band thresholds are stored as JSON beside this file, fitted by bench/fit.py."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.matching.features import NAMES

MODEL_FILE = Path(__file__).with_name("model.json")


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    bias: float
    high: float  # probability at or above which the best proposal is 'high'
    medium: float

    def logit(self, values: list[float]) -> float:
        return self.bias + sum(self.weights.get(n, 0.0) * v
                               for n, v in zip(NAMES, values, strict=True))

    def probabilities(self, rows: list[list[float]]) -> list[float]:
        """The probability that each candidate is the item's case (the rest: none of them)."""
        logits = [self.logit(r) for r in rows]
        top = max([0.0, *logits])
        exps = [math.exp(z - top) for z in logits]
        total = math.exp(-top) + sum(exps)
        return [e / total for e in exps]

    def band(self, score: float) -> str:
        return "high" if score >= self.high else "medium" if score >= self.medium else "low"


@lru_cache(maxsize=1)
def load(path: Path = MODEL_FILE) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(data["weights"], data["bias"], data["high"], data["medium"])

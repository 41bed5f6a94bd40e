"""The scoring model: a small logistic regression over the named features, stored as JSON beside
this file (fitted by bench/fit.py on generated data), with the confidence-band thresholds."""

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
    high: float  # score at or above which a proposal is 'high'
    medium: float
    calibration: tuple[float, float] = (1.0, 0.0)  # Platt scaling of the best candidate
    def probability(self, values: list[float]) -> float:
        z = self.bias + sum(self.weights.get(n, 0.0) * v
                            for n, v in zip(NAMES, values, strict=True))
        return sigmoid(z)

    def calibrated(self, p: float) -> float:
        """Map a (shared-out) pairwise probability to how often such a proposal is right."""
        a, b = self.calibration
        p = min(max(p, 1e-9), 1 - 1e-9)
        return sigmoid(a * math.log(p / (1 - p)) + b)

    def band(self, score: float) -> str:
        return "high" if score >= self.high else "medium" if score >= self.medium else "low"


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def load(path: Path = MODEL_FILE) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    calibration = data.get("calibration", {"a": 1.0, "b": 0.0})
    return Model(data["weights"], data["bias"], data["high"], data["medium"],
                 (calibration["a"], calibration["b"]))

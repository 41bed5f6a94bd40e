"""Near duplicates: the same document under OCR noise or as another scan. MinHash over character
4-grams of normalised text, banded for lookup (LSH), then a Jaccard estimate to confirm."""

from __future__ import annotations

import hashlib
import re

import numpy as np

from bot.matching.text import fold

PERMUTATIONS = 128
BANDS = 32  # 32 bands of 4 rows: pairs above ~0.6 Jaccard almost always share a band
ROWS = PERMUTATIONS // BANDS
MIN_CHARS = 200  # shorter texts (a cover note, a signature) are too alike to compare
MAX_CHARS = 60_000  # the start of a huge text is enough to know two copies apart
# Estimated Jaccard of two copies of one document. Measured on the bench: the same letter as
# text PDF and as scan 0.80-1.00, two scans with 2 % misread characters each ~0.72; different
# letters of one case (shared letterhead, template phrases) up to 0.77. So: at SURE or above
# the texts are the same; from SAME to SURE only if matching also put both on the same record.
SAME = 0.7
SURE = 0.85
_PRIME = np.uint64((1 << 61) - 1)
_RNG = np.random.default_rng(20211)
_A = _RNG.integers(1, 1 << 61, PERMUTATIONS, dtype=np.uint64)
_B = _RNG.integers(0, 1 << 61, PERMUTATIONS, dtype=np.uint64)
NON_WORD = re.compile(r"[^a-zåäö0-9]+")


def normalise(text: str) -> str:
    return NON_WORD.sub(" ", fold(text)).strip()


def _shingle_hashes(text: str) -> np.ndarray:
    grams = {text[i:i + 4] for i in range(len(text) - 3)}
    digests = [hashlib.blake2b(g.encode(), digest_size=8).digest() for g in grams]
    return np.frombuffer(b"".join(digests), dtype=np.uint64) % _PRIME


def signature(text: str) -> np.ndarray | None:
    """64 minimum hashes, or None when the text is too short to say anything."""
    clean = normalise(text[:MAX_CHARS])
    if len(clean) < MIN_CHARS:
        return None
    hashes = _shingle_hashes(clean)
    # (a*x + b) mod p per permutation; multiply in float-free uint64 with wrap-around, which
    # is still a fine hash family for MinHash purposes.
    mixed = (hashes[None, :] * _A[:, None] + _B[:, None]) % _PRIME
    return np.asarray(mixed.min(axis=1), dtype=np.uint64)


def band_keys(sig: np.ndarray) -> list[tuple[int, str]]:
    return [(b, sig[b * ROWS:(b + 1) * ROWS].tobytes().hex()) for b in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' 4-gram sets."""
    return float(np.mean(a == b))

"""The baseline the matching engine must beat: plain BM25 (Okapi, k1 1.5, b 0.75) of each
item's text against every registry document record's case title + description + counterpart,
with no case-number reading, stemming, entities or dates. Cases rank by their best record."""

from __future__ import annotations

import csv
import math
import re
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

TOKEN = re.compile(r"\w+")
K1, B = 1.5, 0.75


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


class BM25:
    """An inverted index in numpy arrays (fast enough for 450,000 records)."""

    def __init__(self, docs: list[list[str]]) -> None:
        lengths = np.array([len(d) for d in docs], dtype=np.float32)
        avg = float(lengths.mean()) if len(docs) else 1.0
        rows: dict[str, list[int]] = defaultdict(list)
        tfs: dict[str, list[int]] = defaultdict(list)
        for i, doc in enumerate(docs):
            for term, count in Counter(doc).items():
                rows[term].append(i)
                tfs[term].append(count)
        n, self.size = len(docs), len(docs)
        norm = K1 * (1 - B + B * lengths / max(avg, 1e-9))
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, where in rows.items():
            idx, tf = np.array(where, dtype=np.int64), np.array(tfs[term], dtype=np.float32)
            idf = math.log(1 + (n - len(where) + 0.5) / (len(where) + 0.5))
            self.postings[term] = (idx, idf * tf * (K1 + 1) / (tf + norm[idx]))

    def rank(self, query: list[str], k: int = 10) -> list[int]:
        scores = np.zeros(self.size, dtype=np.float32)
        for term in set(query):
            if term in self.postings:
                idx, weight = self.postings[term]
                scores[idx] += weight
        hits = np.flatnonzero(scores)
        best = hits[np.argsort(-scores[hits], kind="stable")[:k]]
        return [int(i) for i in best]


def registry_records(municipality: Path) -> list[dict[str, str]]:
    with (municipality / "cases.csv").open(encoding="utf-8-sig") as f:
        titles = {r["case_number"]: r["title"] for r in csv.DictReader(f)}
    with (municipality / "documents.csv").open(encoding="utf-8-sig") as f:
        return [{**r, "title": titles.get(r["case_number"], "")} for r in csv.DictReader(f)]


def item_texts(home: Path) -> dict[int, str]:
    with sqlite3.connect(home / "diariebot.db") as db:
        rows = db.execute("SELECT item_id, group_concat(text, char(10)) FROM page "
                          "GROUP BY item_id").fetchall()
    return {int(i): t or "" for i, t in rows}


def _proposals(engine: BM25, records: list[dict[str, str]], text: str) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for i in engine.rank(tokens(text), k=30):
        rec = records[i]
        seen.setdefault(rec["case_number"], {
            "case_number": rec["case_number"], "doc_number": int(rec["doc_number"]),
            "confidence": "low", "score": 0.0, "reasons": ["BM25"]})
    return list(seen.values())[:5]


def baseline_items(items: list[dict[str, Any]], municipality: Path,
                   home: Path) -> list[dict[str, Any]]:
    """The product's items with their proposals replaced by the baseline's."""
    records = registry_records(municipality)
    engine = BM25([tokens(f"{r['title']} {r['description']} {r['counterpart']}")
                   for r in records])
    texts = item_texts(home)
    return [{**item, "proposals": _proposals(engine, records, texts.get(int(item["id"]), ""))
             if texts.get(int(item["id"])) else []} for item in items]

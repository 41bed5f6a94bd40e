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

TOKEN = re.compile(r"\w+")
K1, B = 1.5, 0.75


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


class BM25:
    """A small in-memory inverted index."""

    def __init__(self, docs: list[list[str]]) -> None:
        self.lengths = [len(d) for d in docs]
        self.avg = sum(self.lengths) / max(1, len(docs))
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                self.postings[term].append((i, tf))
        n = len(docs)
        self.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5))
                    for t, p in self.postings.items()}

    def rank(self, query: list[str], k: int = 10) -> list[int]:
        scores: dict[int, float] = defaultdict(float)
        for term in set(query):
            for i, tf in self.postings.get(term, []):
                norm = K1 * (1 - B + B * self.lengths[i] / self.avg)
                scores[i] += self.idf[term] * tf * (K1 + 1) / (tf + norm)
        return sorted(scores, key=lambda i: -scores[i])[:k]


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

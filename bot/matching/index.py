"""Candidate retrieval: a full-text index of cases (title, document descriptions, counterparts,
property designations, board) kept in SQLite FTS5 and, for ranking, as BM25 postings in
memory; queried with an item's most telling words."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import select as columns
from sqlalchemy import text
from sqlmodel import Session, col

from bot.matching.text import properties, property_token, words
from bot.models import Case, RegistryDocument, RegistryState

MAX_QUERY_TERMS = 32
COMMON_SHARE = 0.5  # words in more than half the cases say nothing


@dataclass(frozen=True)
class Hit:
    case_id: int
    bm25: float  # higher is better (FTS5's bm25() negated)


def case_body(case: Case, documents: list[RegistryDocument]) -> str:
    """The indexed text of one case: stems and property tokens, space-separated."""
    return body_of(case.title, case.board, [(d.description, d.counterpart) for d in documents])


def body_of(title: str, board: str | None, documents: list[tuple[str | None, str | None]]) -> str:
    parts = [title, board or ""]
    parts += [f"{description or ''} {counterpart or ''}" for description, counterpart in documents]
    raw = " ".join(parts)
    tokens = words(raw) + [property_token(p) for p in properties(raw)]
    return " ".join(tokens)


def is_available(session: Session) -> bool:
    """SQLite keeps case_search in FTS5, PostgreSQL as a plain table (migration 0015)."""
    return session.get_bind().dialect.name in ("sqlite", "postgresql")


def rebuild(session: Session, batch: int = 5000) -> int:
    """Re-index every case; returns the number indexed. Run after a registry import that
    changed something. Reads the registry a slice of cases at a time (constant memory)."""
    if not is_available(session):
        return 0
    state = session.get(RegistryState, 1) or RegistryState(id=1)
    state.version += 1
    session.add(state)
    session.execute(text("DELETE FROM case_search"))
    insert = text("INSERT INTO case_search(rowid, body) VALUES (:id, :body)")
    done, last = 0, 0
    while rows := _slice(session, last, batch):
        session.execute(insert, rows)
        done, last = done + len(rows), rows[-1]["id"]
    return done


def _slice(session: Session, after: int, batch: int) -> list[dict[str, Any]]:
    """Index rows of the next `batch` cases after id `after`, from plain columns (no ORM)."""
    cases = session.execute(columns(col(Case.id), col(Case.title), col(Case.board))
                            .where(col(Case.id) > after).order_by(col(Case.id)).limit(batch)).all()
    if not cases:
        return []
    docs: dict[int, list[tuple[str | None, str | None]]] = {}
    for case_id, description, counterpart in session.execute(
            columns(col(RegistryDocument.case_id), col(RegistryDocument.description),
                    col(RegistryDocument.counterpart))
            .where(col(RegistryDocument.case_id).between(cases[0][0], cases[-1][0]))):
        docs.setdefault(case_id, []).append((description, counterpart))
    return [{"id": case_id, "body": body_of(title, board, docs.get(case_id, []))}
            for case_id, title, board in cases]


@dataclass
class _Postings:
    """BM25 weights of every indexed term per case, in memory, rebuilt when the registry's
    version moves: scoring a query is then a few numpy additions instead of a SQL query whose
    cost grows with every common word (measured: 25-70 ms at 100,000 cases with FTS5)."""

    version: tuple[str, int] = ("", -1)
    case_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    terms: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


_POSTINGS = _Postings()
K1, B = 1.2, 0.75


def _version(session: Session) -> int:
    state = session.get(RegistryState, 1)
    return state.version if state else 0


def _build(session: Session, version: tuple[str, int]) -> _Postings:
    rows = session.execute(text("SELECT rowid, body FROM case_search ORDER BY rowid")).all()
    lists: dict[str, tuple[list[int], list[int]]] = {}
    lengths = np.zeros(len(rows), dtype=np.float32)
    for i, (_, body) in enumerate(rows):
        tokens = body.split()
        lengths[i] = len(tokens)
        for term, count in Counter(tokens).items():
            entry = lists.setdefault(term, ([], []))
            entry[0].append(i)
            entry[1].append(count)
    norm = K1 * (1 - B + B * lengths / max(1.0, float(lengths.mean()) if len(rows) else 1.0))
    terms: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for term, (where, counts) in lists.items():
        idx, tf = np.array(where, dtype=np.int32), np.array(counts, dtype=np.float32)
        idf = math.log(1 + (len(rows) - len(where) + 0.5) / (len(where) + 0.5))
        terms[term] = (idx, (idf * tf * (K1 + 1) / (tf + norm[idx])).astype(np.float32))
    return _Postings(version, np.array([r[0] for r in rows], dtype=np.int64), terms)


def postings(session: Session) -> _Postings:
    """The in-memory index, reloaded when any process has re-indexed the registry."""
    global _POSTINGS
    version = (str(session.get_bind().engine.url), _version(session))
    if version != _POSTINGS.version:
        _POSTINGS = _build(session, version)
    return _POSTINGS


def query_terms(session: Session, document_text: str) -> list[str]:
    """The item's indexed words, most telling first (tf-idf); words in most cases say nothing."""
    counts = Counter(words(document_text))
    counts.update(property_token(p) for p in properties(document_text))
    index = postings(session)
    total = max(1, len(index.case_ids))
    ranked = sorted(
        ((tf_weight(n) * math.log(1 + total / len(index.terms[t][0])), t)
         for t, n in counts.items() if t in index.terms
         and len(index.terms[t][0]) <= COMMON_SHARE * total),
        reverse=True,
    )
    return [t for _, t in ranked[:MAX_QUERY_TERMS]]


def tf_weight(count: int) -> float:
    return 1.0 + math.log(count)


def search(session: Session, document_text: str, limit: int = 30) -> list[Hit]:
    """Cases ranked by BM25 against the item's telling words."""
    if not is_available(session):
        return []
    index = postings(session)
    terms = query_terms(session, document_text)
    if not terms or not len(index.case_ids):
        return []
    scores = np.zeros(len(index.case_ids), dtype=np.float32)
    for term in terms:
        rows, weights = index.terms[term]
        scores[rows] += weights
    top = np.argpartition(-scores, min(limit, len(scores) - 1))[:limit]
    top = top[np.argsort(-scores[top])]
    return [Hit(int(index.case_ids[i]), float(scores[i])) for i in top if scores[i] > 0]

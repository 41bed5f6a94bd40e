"""Candidate retrieval: an index of cases by every distinguishing key — title, description and
counterpart words, property designations, counterparts' names and addresses, organisation
numbers, registered dates and years — kept in SQLite FTS5 and, for ranking, as BM25 postings in
memory. Candidates are the union of the best cases overall and the best cases sharing each kind
of key, so among hundreds of look-alikes the one with the item's date or property is kept."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import select as columns
from sqlalchemy import text
from sqlmodel import Session, col

from bot.matching.text import (
    name_keys,
    name_parts,
    organisation_numbers,
    properties,
    property_token,
    words,
    years,
)
from bot.models import Case, RegistryDocument, RegistryState

FORMAT = 2  # raise when case_body changes: a bench home then rebuilds its index
MAX_QUERY_TERMS = 32
COMMON_SHARE = 0.5  # words in more than half the cases say nothing
# Key tokens carry a prefix no word can have: a word token never holds a digit.
KEY_KINDS = ("fastighet", "cp", "org", "dt", "ar")
DATE_WINDOW = range(-2, 8)  # a record is registered on the day of the letter or up to a week on
MAX_DATES = 8  # of an item's dates, the first ones (its own date comes first)
PER_KEY = 8  # candidates kept per kind of key beyond the overall best


@dataclass(frozen=True)
class Hit:
    case_id: int
    bm25: float  # higher is better (FTS5's bm25() negated)


def date_token(day: date) -> str:
    return f"dt{day:%Y%m%d}"


# One registered record as the index reads it: description, counterpart, date.
DocKey = tuple[str | None, str | None, date | None]


def case_keys(title: str, year: int, documents: list[DocKey]) -> list[str]:
    """The key tokens of one case: its properties, counterparts, organisation numbers,
    registered dates and years."""
    raw = " ".join([title, *(description or "" for description, _, _ in documents)])
    keys = [property_token(p) for p in properties(raw)]
    for _, counterpart, day in documents:
        keys += [f"cp{k}" for k in name_parts(counterpart or "")]
        keys += [f"org{n}" for n in organisation_numbers(counterpart or "")]
        keys += [date_token(day)] if day else []
    keys += [f"ar{y}" for y in sorted(years(title) | {year})]
    return list(dict.fromkeys(keys))


def case_body(case: Case, documents: list[RegistryDocument]) -> str:
    """The indexed text of one case: word stems and key tokens, space-separated."""
    return body_of(case.title, case.board, case.year,
                   [(d.description, d.counterpart, d.date) for d in documents])


def body_of(title: str, board: str | None, year: int, documents: list[DocKey]) -> str:
    parts = [title, board or ""]
    parts += [f"{desc or ''} {counterpart or ''}" for desc, counterpart, _ in documents]
    return " ".join(words(" ".join(parts)) + case_keys(title, year, documents))


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
    cases = session.execute(columns(col(Case.id), col(Case.title), col(Case.board),
                                    col(Case.year))
                            .where(col(Case.id) > after).order_by(col(Case.id)).limit(batch)).all()
    if not cases:
        return []
    docs: dict[int, list[DocKey]] = {}
    for case_id, description, counterpart, day in session.execute(
            columns(col(RegistryDocument.case_id), col(RegistryDocument.description),
                    col(RegistryDocument.counterpart), col(RegistryDocument.date))
            .where(col(RegistryDocument.case_id).between(cases[0][0], cases[-1][0]))):
        docs.setdefault(case_id, []).append((description, counterpart, day))
    return [{"id": case_id, "body": body_of(title, board, year, docs.get(case_id, []))}
            for case_id, title, board, year in cases]


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


def query_terms(session: Session, document_text: str,
                index: _Postings | None = None) -> list[str]:
    """The item's indexed words, most telling first (tf-idf); words in most cases say nothing,
    unless the item shares no other word with the registry (twenty yearly reports and a page
    that only says 'Årsredovisning': all twenty are candidates)."""
    counts = Counter(words(document_text))
    counts.update(property_token(p) for p in properties(document_text))
    index = index or postings(session)
    total = max(1, len(index.case_ids))
    ranked = sorted(
        ((tf_weight(n) * math.log(1 + total / len(index.terms[t][0])), t)
         for t, n in counts.items() if t in index.terms), reverse=True)
    telling = [t for _, t in ranked if len(index.terms[t][0]) <= COMMON_SHARE * total]
    return (telling or [t for _, t in ranked])[:MAX_QUERY_TERMS]


def tf_weight(count: int) -> float:
    return 1.0 + math.log(count)


@dataclass
class Query:
    """What an item is looked up by: its telling words, and its keys by kind."""

    terms: list[str]
    keys: dict[str, list[str]]
    index: _Postings = field(default_factory=_Postings)


def item_keys(text: str, item_dates: list[date],
              names: frozenset[str] | None = None) -> dict[str, list[str]]:
    """Every key of the item, by kind (whether the registry has it is checked later)."""
    days = list(dict.fromkeys(item_dates))[:MAX_DATES]
    return {
        "fastighet": [property_token(p) for p in sorted(properties(text))],
        "cp": sorted(f"cp{k}" for k in (name_keys(text) if names is None else names)),
        "org": sorted(f"org{n}" for n in organisation_numbers(text)),
        "dt": list(dict.fromkeys(date_token(d + timedelta(days=k))
                                 for d in days for k in DATE_WINDOW)),
        "ar": [f"ar{y}" for y in sorted(years(text) | {d.year for d in days})],
    }


def item_query(session: Session, text: str, item_dates: list[date],
               names: frozenset[str] | None = None) -> Query:
    """The item's telling words and those of its keys the registry holds (and that do not
    stand in most cases). `names`: the item's name keys, when already known."""
    index = postings(session)
    common = COMMON_SHARE * max(1, len(index.case_ids))
    keys = {kind: [k for k in found if k in index.terms and len(index.terms[k][0]) <= common]
            for kind, found in item_keys(text, item_dates, names).items()}
    words_only = [t for t in query_terms(session, text, index)
                  if not t.startswith("fastighet")]
    return Query(words_only, keys, index)


def _scores(index: _Postings, terms: list[str]) -> np.ndarray:
    scores = np.zeros(len(index.case_ids), dtype=np.float32)
    for term in dict.fromkeys(terms):
        rows, weights = index.terms[term]
        scores[rows] += weights
    return scores


def _best(scores: np.ndarray, rows: np.ndarray, limit: int) -> np.ndarray:
    """The `limit` rows with the highest scores among `rows` (all rows when None)."""
    if len(rows) <= limit:
        return rows
    return rows[np.argpartition(-scores[rows], limit - 1)[:limit]]


def candidates(session: Session, query: Query, depth: int = 40) -> list[Hit]:
    """The best cases by words and keys together, and the best PER_KEY of the cases sharing
    each kind of key; ranked by their BM25 score."""
    if not is_available(session):
        return []
    index = query.index
    all_keys = [k for found in query.keys.values() for k in found]
    if not len(index.case_ids) or not (query.terms or all_keys):
        return []
    scores = _scores(index, query.terms + all_keys)
    chosen = [_best(scores, np.flatnonzero(scores), depth)]
    for found in query.keys.values():
        if found:
            rows = np.unique(np.concatenate([index.terms[k][0] for k in found]))
            chosen.append(_best(scores, rows, PER_KEY))
    rows = np.unique(np.concatenate(chosen))
    rows = rows[np.argsort(-scores[rows], kind="stable")]
    return [Hit(int(index.case_ids[i]), float(scores[i])) for i in rows if scores[i] > 0]


def search(session: Session, document_text: str, limit: int = 30) -> list[Hit]:
    """Cases ranked by BM25 against the item's telling words (and properties)."""
    if not is_available(session):
        return []
    index = postings(session)
    terms = query_terms(session, document_text)
    if not terms or not len(index.case_ids):
        return []
    scores = _scores(index, terms)
    top = _best(scores, np.flatnonzero(scores), limit)
    top = top[np.argsort(-scores[top], kind="stable")]
    return [Hit(int(index.case_ids[i]), float(scores[i])) for i in top]

"""Candidate retrieval: a full-text index of cases (title, document descriptions, counterparts,
property designations, board), queried with an item's most telling words."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlmodel import Session, col, select

from bot.matching.text import properties, property_token, words
from bot.models import Case, RegistryDocument, RegistryState

MAX_QUERY_TERMS = 16
MIN_QUERY_TERMS = 4
COMMON_SHARE = 0.02  # words in more than this share of cases say little; leave them out


@dataclass(frozen=True)
class Hit:
    case_id: int
    bm25: float  # higher is better (FTS5's bm25() negated)


def case_body(case: Case, documents: list[RegistryDocument]) -> str:
    """The indexed text of one case: stems and property tokens, space-separated."""
    parts = [case.title, case.board or ""]
    parts += [f"{d.description or ''} {d.counterpart or ''}" for d in documents]
    raw = " ".join(parts)
    tokens = words(raw) + [property_token(p) for p in properties(raw)]
    return " ".join(tokens)


def is_available(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def rebuild(session: Session, batch: int = 5000) -> int:
    """Re-index every case; returns the number indexed. Run after each registry import."""
    if not is_available(session):
        return 0
    state = session.get(RegistryState, 1) or RegistryState(id=1)
    state.version += 1
    session.add(state)
    session.execute(text("DELETE FROM case_search"))
    docs: dict[int, list[RegistryDocument]] = {}
    for doc in session.exec(select(RegistryDocument)):
        docs.setdefault(doc.case_id, []).append(doc)
    rows = [{"id": c.id, "body": case_body(c, docs.get(c.id or 0, []))}
            for c in session.exec(select(Case).order_by(col(Case.id)))]
    insert = text("INSERT INTO case_search(rowid, body) VALUES (:id, :body)")
    for start in range(0, len(rows), batch):
        session.execute(insert, rows[start:start + batch])
    return len(rows)


@dataclass
class _Vocabulary:
    """Document frequency of every indexed term, cached per process until the index changes."""

    stamp: int = -1
    df: dict[str, int] = field(default_factory=dict)
    total: int = 0


_VOCABULARY = _Vocabulary()


def _version(session: Session) -> int:
    state = session.get(RegistryState, 1)
    return state.version if state else 0


def vocabulary(session: Session) -> _Vocabulary:
    """The cached vocabulary, reloaded when any process has re-indexed the registry."""
    stamp = _version(session)
    if stamp != _VOCABULARY.stamp:
        rows = session.execute(text("SELECT term, doc FROM case_search_vocab"))
        _VOCABULARY.df = {term: doc for term, doc in rows}
        _VOCABULARY.total = int(session.execute(text('SELECT count(*) FROM "case"')).scalar() or 0)
        _VOCABULARY.stamp = stamp
    return _VOCABULARY


def query_terms(session: Session, document_text: str) -> list[str]:
    """The item's words that are in the index and rare enough to tell cases apart, best first.

    Words in more than COMMON_SHARE of cases make the search slow and say little; they are
    used only to fill up to MIN_QUERY_TERMS when the text has too few rare words."""
    counts = Counter(words(document_text))
    counts.update(property_token(p) for p in properties(document_text))
    vocab = vocabulary(session)
    ranked = sorted(
        ((tf_weight(n) * math.log(1 + vocab.total / vocab.df[t]), t)
         for t, n in counts.items() if vocab.df.get(t, 0) > 0),
        reverse=True,
    )
    limit = max(3, COMMON_SHARE * vocab.total)
    rare = [t for _, t in ranked if vocab.df[t] <= limit][:MAX_QUERY_TERMS]
    common = [t for _, t in ranked if vocab.df[t] > limit]
    return rare + common[:max(0, MIN_QUERY_TERMS - len(rare))]


def tf_weight(count: int) -> float:
    return 1.0 + math.log(count)


def search(session: Session, document_text: str, limit: int = 30) -> list[Hit]:
    """Cases ranked by BM25 against the item's telling words."""
    if not is_available(session):
        return []
    terms = query_terms(session, document_text)
    if not terms:
        return []
    match = " OR ".join(f'"{t}"' for t in terms)
    rows = session.execute(
        text("SELECT rowid, -bm25(case_search) FROM case_search WHERE case_search MATCH :q "
             "ORDER BY bm25(case_search) LIMIT :n"),
        {"q": match, "n": limit},
    )
    return [Hit(int(r[0]), float(r[1])) for r in rows]

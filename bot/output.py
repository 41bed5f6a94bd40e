"""The stable output contract: items as JSON objects for `items --json` and outside scripts."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from bot.models import Case, Item, Proposal, RegistryDocument, Submission


def _proposals(session: Session, item_id: int) -> list[dict[str, Any]]:
    rows = session.exec(
        select(Proposal, Case, RegistryDocument)
        .join(Case, col(Case.id) == Proposal.case_id)
        .join(RegistryDocument, col(RegistryDocument.id) == Proposal.document_id, isouter=True)
        .where(Proposal.item_id == item_id)
        .order_by(col(Proposal.rank))
    ).all()
    return [
        {
            "case_number": case.case_number,
            "doc_number": doc.doc_number if doc else None,
            "score": prop.score,
            "confidence": prop.confidence,
            "reasons": list(prop.reasons),
            "title": case.title,
            "doc_score": prop.doc_score,
            "doc_confidence": prop.doc_confidence,
            "doc_reasons": list(prop.doc_reasons),
        }
        for prop, case, doc in rows
    ]


def _split_json(item: Item) -> dict[str, Any]:
    """A part's page range in the original (1-based, first and last) and role; a split item's
    pages set aside (cover sheets, blank pages) with a reason; a proposed split not yet made."""
    meta = item.meta
    return {
        "pages": list(meta["pages"]) if isinstance(meta.get("pages"), list) else None,
        "role": meta.get("role") or ("document" if meta.get("split_of") else None),
        "set_aside": list(meta.get("set_aside") or []),
        "blank_pages": list(meta.get("blank_pages") or []),
        "proposed_split": meta.get("proposed_split"),
        "paragraph": _paragraph(meta.get("paragraph")),
    }


def _paragraph(found: Any) -> dict[str, Any] | None:
    """A protocol paragraph's number, case number, board and meeting date (as read)."""
    if not isinstance(found, dict):
        return None
    return {key: found.get(key) for key in ("number", "case_number", "board", "date")}


MAIL_TYPES = ("message/rfc822", "application/vnd.ms-outlook")


def _mail_json(item: Item) -> dict[str, Any]:
    """An email's own headers (null for other items) and the messages forwarded or quoted in
    it, oldest first."""
    meta = item.meta
    if item.media_type not in MAIL_TYPES and meta.get("kind") != "email":
        return {"email": None, "forwarded": []}
    headers = {key: meta.get(key) for key in ("from", "to", "date", "subject", "message_id")}
    listed = meta.get("forwarded_messages")
    return {"email": headers, "forwarded": list(listed) if isinstance(listed, list) else []}


def _rendition_json(item: Item) -> dict[str, Any] | None:
    """The PDF made from an Office, RTF or HTML file (bot/renditions.py); null for others."""
    found = item.meta.get("rendition")
    if not isinstance(found, dict):
        return None
    return {key: found.get(key) for key in ("sha256", "media_type", "made_by")}


def item_json(session: Session, item: Item, submission: Submission) -> dict[str, Any]:
    return {
        "id": item.id,
        "parent_id": item.parent_id,
        "filename": item.filename,
        "media_type": item.media_type,
        "sha256": item.sha256,
        "size": item.size,
        "state": item.state,
        "state_reason": item.state_reason,
        "duplicate_of": item.duplicate_of,
        "submitter": submission.submitter,
        "channel": submission.channel,
        "submission_id": submission.id,
        "proposals": _proposals(session, item.id or 0),
        **_split_json(item),
        **_mail_json(item),
        "rendition": _rendition_json(item),
    }


def items_json(session: Session, state: str | None = None) -> list[dict[str, Any]]:
    query = select(Item, Submission).join(Submission, col(Submission.id) == Item.submission_id)
    if state:
        query = query.where(Item.state == state)
    return [
        item_json(session, item, sub)
        for item, sub in session.exec(query.order_by(col(Item.id))).all()
    ]

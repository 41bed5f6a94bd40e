"""The registrars' daily digest in their room or channel: queue size, the oldest waiting item,
records recovered in the last week, and how much of the registry has its file again."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.chat.text import say
from bot.models import AuditEvent, ChatMessage, Item, RegistryDocument
from bot.receipts.text import _when
from bot.states import QUEUED
from connectors.chat import ChatChannel

DIGEST = "digest"
ZONE = ZoneInfo("Europe/Stockholm")


def _count(session: Session, query: object) -> int:
    return int(session.exec(query).one() or 0)  # type: ignore[call-overload]


def digest_text(session: Session, now: datetime, lang: str = "sv") -> str:
    queue = _count(session, select(func.count()).select_from(Item).where(Item.state == QUEUED))
    oldest = session.exec(select(func.min(Item.created_at)).where(Item.state == QUEUED)).one()
    week = _count(session, select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "file_status", AuditEvent.to_state == "recovered",
        col(AuditEvent.at) >= now - timedelta(days=7)))
    total = _count(session, select(func.count()).select_from(RegistryDocument))
    recovered = _count(session, select(func.count()).select_from(RegistryDocument).where(
        RegistryDocument.file_status == "recovered"))
    share = f"{100 * recovered / total:.1f} %".replace(".", ",") if total else "0 %"
    return say("digest", lang, queue=queue, week=week, share=share, recovered=recovered,
               total=total,
               oldest=say("digest_oldest", lang, when=_when(oldest)) if oldest else "")


def record_digest(session: Session, channel: ChatChannel, now: datetime) -> bool:
    """Today's digest for this channel's registrars' room, once, from `digest_hour` on."""
    room = channel.chat.digest_room
    local = now.astimezone(ZONE)
    if not room or local.hour < channel.chat.digest_hour:
        return False
    key = f"{DIGEST}:{channel.name}:{local.date().isoformat()}"
    if session.exec(select(ChatMessage.id).where(ChatMessage.key == key)).first() is not None:
        return False
    session.add(ChatMessage(key=key, kind=DIGEST, channel=channel.name, address={"room": room},
                            body=digest_text(session, now)))
    return True

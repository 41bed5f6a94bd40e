"""The registrar's click: the previewed messages to the chosen people become request rows (one per
person, with the records it asks for), unless the preview no longer matches or the person was
asked within the period. Sending comes after, rate-limited (`send`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.models import OutreachRecord, OutreachRequest
from bot.outreach.channels import Sender
from bot.outreach.plan import Plan
from bot.outreach.text import why


@dataclass
class Recorded:
    request_ids: list[int]
    changed: bool = False  # the preview no longer matched: nothing recorded


def _reason(reasons: tuple) -> str:
    return why(reasons)[:500]


def record(session: Session, plan: Plan, chosen: set[str], digest: str, actor: str,
           sender: Sender | Mapping[str, Sender], now: datetime) -> Recorded:
    """Request rows for the chosen, sendable messages — only if they are what was previewed —
    each on its own channel (`sender`: the channels by name, or the one for every message);
    a message for a channel not given is not recorded."""
    if not chosen or plan.digest(chosen) != digest:
        return Recorded([], changed=bool(chosen))
    channels = sender if isinstance(sender, Mapping) else {sender.channel: sender}
    made = []
    for message in plan.messages:
        on = channels.get(message.channel)
        if message.key not in chosen or not message.sendable or on is None:
            continue
        request = OutreachRequest(channel=on.channel, recipient=message.address.lower(),
                                  name=message.name, actor=actor, subject=message.subject,
                                  body=message.body, message_id=on.new_message_id(),
                                  created_at=now)
        session.add(request)
        session.flush()
        session.add_all(OutreachRecord(request_id=request.id or 0, document_id=w.document.id or 0,
                                       reason=_reason(reasons)) for w, reasons in message.wanted)
        made.append(request.id or 0)
    return Recorded(made)


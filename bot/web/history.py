"""An item's audit trail as a registrar reads it, in one language: Stockholm time, the bot's
steps named as such, state moves in words, stored reasons shown in the reader's half."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import TEXT, one_language, translate
from bot.models import AuditEvent
from bot.web.clock import local_time


@dataclass(frozen=True)
class Line:
    """One row of the history table."""

    when: str
    who: str
    what: str
    why: str


def _state(name: str | None, lang: str) -> str:
    key = f"state.{name}"
    return translate(key, lang) if name and key in TEXT else (name or "")


def channel_name(channel: str, lang: str) -> str:
    """'e-post', 'skanner (demo)': the channels as words."""
    demo, _, plain = channel.rpartition(":") if channel.startswith("demo:") else ("", "", channel)
    key = f"channel.{plain}"
    name = translate(key, lang) if key in TEXT else plain
    return f"{name} ({translate('channel.demo', lang)})" if demo else name


def _who(event: AuditEvent, lang: str) -> str:
    actor = event.actor or ""
    if actor == "worker" or actor.startswith("worker:"):
        return translate("history.bot", lang)
    if event.action == "received":
        return actor.rpartition(":")[2]  # channel:submitter
    return one_language(actor, lang)


def _what(event: AuditEvent, lang: str) -> str:
    before, after = _state(event.from_state, lang), _state(event.to_state, lang)
    if event.action == "transition":
        return f"{before} → {after}"
    if event.action == "received":
        channel = (event.actor or "").rpartition(":")[0]
        return translate("history.received", lang, channel=channel_name(channel, lang))
    if event.action == "file_status":
        return translate("history.file_status", lang,
                         before=translate(f"file.{event.from_state}", lang),
                         after=translate(f"file.{event.to_state}", lang))
    key = f"event.{event.action}"
    return translate(key, lang) if key in TEXT else event.action


def lines(events: list[AuditEvent], lang: str) -> list[Line]:
    return [Line(local_time(e.at), _who(e, lang), _what(e, lang),
                 one_language(e.reason, lang)) for e in events]


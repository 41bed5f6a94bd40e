"""Matrix events as the bot sees them: who may talk to it, a room message as a ChatEvent, and
the content of a threaded answer (m.thread, with a reply fallback for older clients)."""

from __future__ import annotations

from typing import Any

from connectors.chat import ChatEvent, ChatFile

NOTICE = "m.notice"  # bots answer with notices: clients and other bots never answer those
ENCRYPTED = ("kryptering stöds inte: starta ett okrypterat rum med mig / "
             "encryption is not supported: start an unencrypted room with me")
TOO_LARGE = "för stor fil / file too large"


def homeserver_of(user_id: str) -> str:
    """'@anna:kommun.se' -> 'kommun.se' (a port stays: 'localhost:8448')."""
    return user_id.split(":", 1)[1] if ":" in user_id else ""


def allowed(user_id: str, users: tuple[str, ...], homeservers: tuple[str, ...],
            own_homeserver: str) -> bool:
    """A listed user, or anyone on a listed homeserver; with neither list, the bot's own
    homeserver only."""
    if user_id in users:
        return True
    server = homeserver_of(user_id).lower()
    if not users and not homeservers:
        return server == own_homeserver.lower()
    return server in {h.lower() for h in homeservers}


def thread_root(source: dict[str, Any], event_id: str) -> str:
    """The thread an event belongs to, or the event itself (a new thread under it)."""
    relates = (source.get("content") or {}).get("m.relates_to") or {}
    if relates.get("rel_type") == "m.thread" and relates.get("event_id"):
        return str(relates["event_id"])
    return event_id


def threaded(text: str, root: str | None) -> dict[str, Any]:
    content: dict[str, Any] = {"msgtype": NOTICE, "body": text}
    if root:
        content["m.relates_to"] = {"rel_type": "m.thread", "event_id": root,
                                   "is_falling_back": True,
                                   "m.in_reply_to": {"event_id": root}}
    return content


def text_event(room: str, event_id: str, sender: str, body: str,
               source: dict[str, Any]) -> ChatEvent:
    return ChatEvent(event_id=event_id, sender=sender, text=body, address={"room": room},
                     thread=thread_root(source, event_id))


def file_event(room: str, event_id: str, sender: str, file: ChatFile,
               source: dict[str, Any]) -> ChatEvent:
    return ChatEvent(event_id=event_id, sender=sender, files=(file,), address={"room": room},
                     thread=thread_root(source, event_id))


def media_info(source: dict[str, Any]) -> tuple[str, int | None]:
    """(mimetype, size) as the sender's client declared them."""
    info = (source.get("content") or {}).get("info") or {}
    size = info.get("size")
    return str(info.get("mimetype") or "application/octet-stream"), (
        int(size) if isinstance(size, int) else None)


def file_name(source: dict[str, Any], fallback: str) -> str:
    """The file's name: `filename` (newer clients, where body may be a caption), else body."""
    content = source.get("content") or {}
    name = str(content.get("filename") or content.get("body") or fallback)
    return name.replace("/", "_").replace("\\", "_")[:200] or fallback

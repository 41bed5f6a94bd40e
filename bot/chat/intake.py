"""Files, photos and forwarded messages from a chat event become submissions, one each,
exactly once: the channel and the event id (and the file's place in it) are the source."""

from __future__ import annotations

from bot.chat.text import half, say
from bot.context import Context
from bot.ingest import submit
from bot.models import ChatContact
from connectors.chat import ChatEvent, ChatFile

FORWARDED_NAME = "meddelande.txt"
LONG_TEXT = 300  # a pasted or forwarded message, not a command


def _files(event: ChatEvent) -> list[ChatFile]:
    """The event's files; a forwarded text message is a document too (as plain text)."""
    files = list(event.files)
    long_text = len(event.text.strip()) >= LONG_TEXT
    if (event.forwarded or long_text) and event.text.strip() and not files:
        files.append(ChatFile(FORWARDED_NAME, event.text.encode("utf-8"), "text/plain"))
    return files


def source_ref(event: ChatEvent, position: int, count: int) -> str:
    return event.event_id if count == 1 else f"{event.event_id}#{position}"


def take_files(ctx: Context, channel: str, event: ChatEvent, contact: ChatContact) -> list[str]:
    """Commit each file as a submission; returns what to say at once about files that could
    not be taken (too large, not downloadable). A redelivered event creates nothing."""
    files, problems = _files(event), []
    for position, file in enumerate(files):
        reason = file.error
        if file.data is not None and len(file.data) > ctx.settings.max_file_bytes:
            reason = say("too_large", "sv") + " / " + say("too_large", "en")
        if reason or file.data is None:
            problems.append(f"{file.name}: {half(reason, contact.language)}")
            continue
        submit(ctx, channel=channel, source_ref=source_ref(event, position, len(files)),
               data=file.data, filename=file.name, submitter=event.sender,
               meta={"chat": {"event": event.event_id, "thread": event.thread or event.event_id,
                              "address": dict(event.address)}})
    return problems


def is_submission(event: ChatEvent) -> bool:
    return bool(_files(event))

"""How a request reaches a person: a channel-agnostic `Sender`; the email sender, which hands the
message to the SMTP relay the receipts use; and the chat sender, which hands it to the chat outbox
(bot/chat/outbox.py) for the contact's conversation with the bot."""

from __future__ import annotations

import email.message
import email.utils
import smtplib
import uuid
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from bot.db import session_scope
from bot.models import ChatContact, ChatMessage, OutreachRequest
from bot.outreach.sheets import Attachment
from bot.receipts import relay
from bot.settings import Settings
from connectors.factory import CHAT_TYPES, enabled

EMAIL = "email"
MARKER = "X-Diariebot-Outreach"


class SendError(Exception):
    """The channel refused or failed; `retry` says whether trying later may help."""

    def __init__(self, message: str, retry: bool = True) -> None:
        super().__init__(message)
        self.retry = retry


class Sender(Protocol):
    """A channel that can carry a request to the person named in it."""

    channel: str

    def problem(self) -> str | None:
        """Why nothing can be sent now (not configured), or None."""

    def new_message_id(self) -> str:
        """An id for a new request, known before sending so answers can be linked to it."""

    def send(self, request: OutreachRequest, attachments: list[Attachment]) -> None:
        """Deliver the request's subject, body and attachments to its recipient; raises
        SendError."""


def sender_address(settings: Settings) -> str:
    return settings.outreach_from or settings.receipt_from


class EmailSender:
    """Requests as email through the SMTP relay; replies go to the intake address."""

    channel = EMAIL

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def problem(self) -> str | None:
        if not (self.settings.receipt_smtp_host and sender_address(self.settings)):
            return "outreach.no_relay"
        return None

    def new_message_id(self) -> str:
        own = sender_address(self.settings)
        domain = own.rsplit("@", 1)[-1] if "@" in own else "diariebot.invalid"
        return email.utils.make_msgid("efterlysning", domain=domain)

    def message(self, request: OutreachRequest,
                attachments: list[Attachment]) -> email.message.EmailMessage:
        message = email.message.EmailMessage()
        message["From"] = sender_address(self.settings)
        message["To"] = (email.utils.formataddr((request.name, request.recipient))
                         if request.name else request.recipient)
        if self.settings.intake_address:
            message["Reply-To"] = self.settings.intake_address
        message["Subject"] = request.subject
        message["Date"] = email.utils.format_datetime(datetime.now(UTC))
        message["Message-ID"] = request.message_id or self.new_message_id()
        message["X-Auto-Response-Suppress"] = "OOF, AutoReply"  # no out-of-office into intake
        message[MARKER] = str(request.id)
        message.set_content(request.body)
        for name, media_type, data in attachments:
            main, sub = media_type.split("/", 1)
            message.add_attachment(data, maintype=main, subtype=sub, filename=name)
        return message

    def send(self, request: OutreachRequest, attachments: list[Attachment]) -> None:
        settings = self.settings
        if self.problem():
            raise SendError("no relay", retry=False)
        try:
            relay(settings, self.message(request, attachments), sender_address(settings))
        except smtplib.SMTPRecipientsRefused as error:
            raise SendError(type(error).__name__, retry=False) from error
        except (OSError, smtplib.SMTPException) as error:
            raise SendError(type(error).__name__) from error


OUTREACH_KIND = "outreach"  # the chat outbox's kind of message


class ChatSender:
    """Requests in a chat: a message to the contact's conversation with the bot, sent by the
    chat outbox; the person answers there with files or photos."""

    def __init__(self, engine: Engine, channel: str) -> None:
        self.engine, self.channel = engine, channel

    def problem(self) -> str | None:
        return None  # the outbox keeps the message until the chat service sends it

    def new_message_id(self) -> str:
        return f"<{OUTREACH_KIND}-{uuid.uuid4().hex}@{self.channel}>"

    def send(self, request: OutreachRequest, attachments: list[Attachment]) -> None:
        key = f"{OUTREACH_KIND}:{request.id}"
        with session_scope(self.engine) as session:
            if session.exec(select(ChatMessage.id).where(ChatMessage.key == key)).first():
                return  # handed over already (a retry after a crash)
            contact = session.exec(select(ChatContact).where(
                ChatContact.channel == self.channel,
                func.lower(col(ChatContact.user_id)) == request.recipient.lower())).first()
            if contact is None:
                raise SendError("no chat contact", retry=False)
            session.add(ChatMessage(key=key, kind=OUTREACH_KIND, channel=self.channel,
                                    contact_id=contact.id, address=dict(contact.address),
                                    body=f"{request.subject}\n\n{request.body}"))


def chat_channels(settings: Settings) -> list[str]:
    """The names of the enabled chat connectors."""
    return [name for name, table in settings.connectors.items()
            if table.get("type") in CHAT_TYPES and enabled(dict(table))]


def senders(settings: Settings, engine: Engine | None = None) -> dict[str, Sender]:
    """The channels requests can go through, by name: email, and (given the database) each
    enabled chat connector."""
    found: dict[str, Sender] = {EMAIL: EmailSender(settings)}
    if engine is not None:
        found.update({name: ChatSender(engine, name) for name in chat_channels(settings)})
    return found

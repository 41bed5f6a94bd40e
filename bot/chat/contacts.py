"""Who writes to the bot: one contact per channel and user, where to answer them, their
language, and whether they are a registrar (listed in the connector's table, or linked to an
active registrar or admin account of the web queue)."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.models import ChatContact, UserAccount, utcnow
from connectors.chat import ChatChannel, ChatEvent

REGISTRAR_ROLES = ("registrar", "admin")


def contact_for(session: Session, channel: str, user_id: str) -> ChatContact | None:
    return session.exec(select(ChatContact).where(ChatContact.channel == channel,
                                                  ChatContact.user_id == user_id)).first()


def remember(session: Session, channel: str, event: ChatEvent, language: str) -> ChatContact:
    """The sender's contact, created or updated with where and in which language to answer."""
    contact = contact_for(session, channel, event.sender) or ChatContact(
        channel=channel, user_id=event.sender)
    if event.address:
        contact.address = dict(event.address)
    contact.language = language
    contact.updated_at = utcnow()
    session.add(contact)
    session.flush()
    return contact


def is_registrar(session: Session, channel: ChatChannel, contact: ChatContact) -> bool:
    if contact.user_id in channel.chat.registrars:
        return True
    account = session.get(UserAccount, contact.account_id) if contact.account_id else None
    return account is not None and account.active and account.role in REGISTRAR_ROLES


def link(session: Session, channel: str, user_id: str, username: str) -> ChatContact:
    """Tie a chat user to a web account (`diariebot chat link`); raises LookupError."""
    account = session.exec(select(UserAccount).where(UserAccount.username == username)).first()
    if account is None:
        raise LookupError(f"kontot finns inte / no such account: {username}")
    contact = contact_for(session, channel, user_id) or ChatContact(channel=channel,
                                                                    user_id=user_id)
    contact.account_id = account.id
    session.add(contact)
    return contact

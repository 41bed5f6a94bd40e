"""Receipts to submitters, in Swedish: what arrived and what was found in it, and later that a
registrar confirmed it. Recorded first, then sent through the SMTP relay, batched, and never to
auto-generated mail (RFC 3834), so the bot never answers itself or another robot.

A module per job: ``recipients`` (who may get one), ``summary`` (what a submission held),
``compose`` (the text and the message), ``record`` (receipt rows and confirmation notices),
``batch`` (what is due), ``send`` (claim, deliver, retry), ``smtp`` (the relay and its check),
``text`` and ``kinds`` (texts, kinds and states). Import from here.
"""

from __future__ import annotations

from bot.receipts.compose import compose, render_received
from bot.receipts.kinds import (
    BATCH,
    CLAIM,
    CONFIRMED_KIND,
    GAVE_UP,
    MARKER,
    MAX_ATTEMPTS,
    PENDING,
    RECEIVED,
    RECORDED,
    SENT,
    SUPPRESSED,
)
from bot.receipts.recipients import ADDRESS, NO_REPLY, addressee, auto_generated
from bot.receipts.record import notify_confirmed, record_receipts
from bot.receipts.send import send_due_receipts
from bot.receipts.smtp import check_relay, relay, tls_context
from bot.receipts.summary import LOGO_REASONS, Summary, label, summarise
from bot.receipts.text import TEXT

__all__ = [
    "ADDRESS",
    "BATCH",
    "CLAIM",
    "CONFIRMED_KIND",
    "GAVE_UP",
    "LOGO_REASONS",
    "MARKER",
    "MAX_ATTEMPTS",
    "NO_REPLY",
    "PENDING",
    "RECEIVED",
    "RECORDED",
    "SENT",
    "SUPPRESSED",
    "TEXT",
    "Summary",
    "addressee",
    "auto_generated",
    "check_relay",
    "compose",
    "label",
    "notify_confirmed",
    "record_receipts",
    "relay",
    "render_received",
    "send_due_receipts",
    "summarise",
    "tls_context",
]

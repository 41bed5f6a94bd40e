"""The SMTP relay: hand one message over, and check (for `diariebot check`) that it answers."""

from __future__ import annotations

import email.message
import smtplib
import ssl

import bot.receipts as package  # tls_context is looked up there when called: tests replace it
from bot.receipts.recipients import ADDRESS
from bot.receipts.text import TEXT
from bot.settings import Settings


def tls_context() -> ssl.SSLContext:
    """Certificates are verified against the system's authorities."""
    return ssl.create_default_context()


def relay(settings: Settings, message: email.message.EmailMessage,
          envelope_from: str | None = None) -> None:
    """Hand one message to the configured SMTP relay (bounces to `envelope_from`, else to
    receipt_from)."""
    with smtplib.SMTP(settings.receipt_smtp_host, settings.receipt_smtp_port,
                      timeout=30) as smtp:
        if settings.receipt_smtp_starttls:
            smtp.starttls(context=package.tls_context())
        smtp.send_message(message, from_addr=envelope_from or settings.receipt_from,
                          to_addrs=[str(message["To"])])


def check_relay(settings: Settings) -> list[str]:
    """Problems with the receipt relay, readable by an IT admin (for `diariebot check`);
    empty when it answers, or when no relay is configured."""
    if not settings.receipt_smtp_host:
        return []
    problems = [] if ADDRESS.match(settings.receipt_from) else [TEXT["check_from"]]
    where = f"{settings.receipt_smtp_host}:{settings.receipt_smtp_port}"
    try:
        with smtplib.SMTP(settings.receipt_smtp_host, settings.receipt_smtp_port,
                          timeout=10) as smtp:
            if settings.receipt_smtp_starttls:
                smtp.starttls(context=package.tls_context())
            smtp.noop()
    except (ssl.SSLError, smtplib.SMTPNotSupportedError) as error:
        problems.append(TEXT["check_tls"].format(where=where, error=type(error).__name__))
    except (OSError, smtplib.SMTPException) as error:
        problems.append(TEXT["check_relay"].format(where=where, error=type(error).__name__))
    return problems

"""Who may submit by email: allowed sender domains and, optionally, a passing
Authentication-Results header; mail from elsewhere is quarantined with a reason."""

from __future__ import annotations

import email.message
import email.parser
import email.policy
import email.utils
import re

from sqlalchemy import delete
from sqlmodel import Session, col

from bot.models import Item, Receipt
from bot.settings import Settings
from bot.states import RECEIVED, SKIPPED, transition

LOCAL_CHANNELS = frozenset({"cli", "demo"})  # files an operator put in: not mail from outside
RELEASED = "quarantine_released"  # item meta flag: a person let this mail through

# User-facing text, Swedish first: one table so the project's translation layer can take it over.
TEXT = {
    "domain": "karantän: avsändardomänen är inte tillåten / quarantined: sender domain not allowed",
    "unauthenticated": "karantän: avsändaren kunde inte styrkas (Authentication-Results) / "
                       "quarantined: sender not authenticated (Authentication-Results)",
    "released": "släppt ur karantän / released from quarantine",
}
_RESULT = re.compile(r"^\s*(?P<method>[\w.-]+)\s*=\s*(?P<result>[\w-]+)(?P<props>.*)$", re.S)
_PROPERTY = re.compile(r"(?P<name>[\w.-]+)\s*=\s*(?P<value>[^\s;()]+)")


def is_local(channel: str) -> bool:
    """Submissions an operator made (CLI, demo) are not mail from outside."""
    return channel.split(":", 1)[0] in LOCAL_CHANNELS


def headers_of(data: bytes) -> email.message.Message:
    """The header block of a raw email; the body is not parsed."""
    return email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(data)


def sender_address(headers: email.message.Message) -> str | None:
    """The From address in lower case, or None."""
    raw = str(headers.get("From") or "")
    address = next((a for _, a in email.utils.getaddresses([raw]) if "@" in a), "")
    return address.lower() or None


def domain_of(address: str | None) -> str | None:
    if not address or "@" not in address:
        return None
    return address.rsplit("@", 1)[1].strip().rstrip(".").lower() or None


def domain_allowed(domain: str, allowed: list[str]) -> bool:
    """Empty list: everyone. Otherwise the domain itself or one of its subdomains."""
    if not allowed:
        return True
    for entry in allowed:
        base = entry.strip().lower().lstrip("@").removeprefix("*.").rstrip(".")
        if base and (domain == base or domain.endswith("." + base)):
            return True
    return False


def quarantine_reason(settings: Settings, channel: str, data: bytes,
                      submitter: str | None = None) -> str | None:
    """Why a top-level email from this channel must not be processed, or None."""
    if is_local(channel) or not (settings.allowed_domains or
                                 settings.require_authentication_results):
        return None
    headers = headers_of(data)
    domain = domain_of(sender_address(headers) or submitter)
    if domain is None or not domain_allowed(domain, settings.allowed_domains):
        return TEXT["domain"]
    if settings.require_authentication_results and not authenticated(
        headers, domain, settings.trusted_authserv_id
    ):
        return TEXT["unauthenticated"]
    return None


def authenticated(headers: email.message.Message, domain: str, authserv_id: str = "") -> bool:
    """A passing dmarc, or a passing spf and dkim, aligned with `domain`, in the
    Authentication-Results header our own mail server wrote: the one naming `authserv_id`,
    else the topmost (RFC 8601: headers further down may be forged by the sender)."""
    found = [" ".join(str(v).split()) for v in headers.get_all("Authentication-Results") or []]
    if authserv_id:
        found = [v for v in found if _authserv(v) == authserv_id.strip().lower()]
    if not found:
        return False
    results = _results(found[0])
    if any(_aligned(domain, props.get("header.from")) for props in results.get("dmarc", [])):
        return True
    spf = any(_aligned(domain, _domain_part(props.get("smtp.mailfrom")))
              for props in results.get("spf", []))
    dkim = any(_aligned(domain, props.get("header.d") or _domain_part(props.get("header.i")))
               for props in results.get("dkim", []))
    return spf and dkim


def _authserv(header: str) -> str:
    words = header.split(";", 1)[0].split()
    return words[0].lower() if words else ""


def _results(header: str) -> dict[str, list[dict[str, str]]]:
    """Passing results by method, each with its properties (header.from, header.d, ...).
    Exchange Online writes no authserv-id: then the first part is a result too."""
    text = re.sub(r"\([^()]*\)", " ", " ".join(header.split()))  # comments say nothing
    parts = text.split(";")
    passing: dict[str, list[dict[str, str]]] = {}
    for part in parts if _RESULT.match(parts[0]) else parts[1:]:
        match = _RESULT.match(part)
        if match and match["result"].lower() == "pass":
            props = {m["name"].lower(): m["value"].lower()
                     for m in _PROPERTY.finditer(match["props"])}
            passing.setdefault(match["method"].lower(), []).append(props)
    return passing


def _domain_part(value: str | None) -> str | None:
    return value.rsplit("@", 1)[-1] if value else None


def _aligned(domain: str, other: str | None) -> bool:
    """Relaxed alignment (DMARC): the same domain, or one a subdomain of the other."""
    if not other:
        return False
    other = other.strip().rstrip(".")
    return domain == other or domain.endswith("." + other) or other.endswith("." + domain)


def release(session: Session, item: Item, actor: str) -> None:
    """Let a quarantined email through: it is unpacked, read and answered like any other."""
    item.meta = {**item.meta, RELEASED: True}
    transition(session, item, RECEIVED, actor=actor, reason=TEXT["released"])
    session.execute(delete(Receipt).where(  # the receipt withheld in quarantine is due later
        col(Receipt.key) == f"received:{item.submission_id}", col(Receipt.state) == "suppressed"))


def is_quarantined(item: Item) -> bool:
    return item.state == SKIPPED and item.state_reason in (TEXT["domain"], TEXT["unauthenticated"])

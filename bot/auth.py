"""Who may use the registrar's queue: local accounts with Argon2 hashes, organisation accounts
(OpenID Connect), sessions kept in the database, CSRF tokens, and login rate limiting."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from bot.models import LoginAttempt, UserAccount, WebSession, utcnow

ROLES = ("registrar", "admin")
MIN_PASSWORD = 10
# Throttling slows an attacker without locking the owner out: failures are counted per account
# *and address*, so guessing from one place waits ever longer (1 s, 2 s, 4 s, … up to MAX_DELAY)
# while the owner, elsewhere, logs in at once; a success from a place starts it afresh.
FREE_FAILURES = 3  # per account and address, before any waiting
FREE_ADDRESS_FAILURES = 30  # per address over all accounts in WINDOW (spraying), before waiting
WINDOW = timedelta(minutes=15)
MAX_DELAY = timedelta(minutes=15)
KEEP_ATTEMPTS = timedelta(days=1)  # then names and addresses of attempts are forgotten
# Argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane): a log-in verifies in ~85 ms on a
# busy 2-core machine, where argon2-cffi's default (64 MiB, 3 passes, 4 lanes) took 500-900 ms.
# Stored hashes with other parameters are re-hashed at their next successful log-in.
HASH_MEMORY_KIB, HASH_PASSES, HASH_LANES = 19 * 1024, 2, 1
HASHER = PasswordHasher(time_cost=HASH_PASSES, memory_cost=HASH_MEMORY_KIB,
                        parallelism=HASH_LANES)
# Verified when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = HASHER.hash(secrets.token_hex(16))


class AccountError(ValueError):
    """An account that cannot be made as asked (bad role, short password, taken name)."""


class RateLimited(Exception):
    """Too many failed logins for this account from this address (or from this address at
    all); `seconds` until the next try is heard."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"try again in {seconds} s")
        self.seconds = seconds


@dataclass(frozen=True)
class Login:
    """A live session: who it is, their role and the CSRF token their forms must carry."""

    user_id: int
    username: str
    role: str
    csrf_token: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(session: Session, username: str, password: str, role: str) -> UserAccount:
    """Create an account; the name is kept as typed but compared without case."""
    name = username.strip()
    if role not in ROLES:
        raise AccountError(f"okänd roll / unknown role: {role} ({' | '.join(ROLES)})")
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise AccountError("ogiltigt användarnamn / invalid user name")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"lösenordet måste ha minst {MIN_PASSWORD} tecken / "
                           f"the password needs at least {MIN_PASSWORD} characters")
    if find_user(session, name) is not None:
        raise AccountError("användaren finns redan / the user already exists")
    user = UserAccount(username=name, password_hash=HASHER.hash(password), role=role)
    session.add(user)
    session.flush()
    return user


def oidc_user(session: Session, subject: str, username: str, role: str) -> UserAccount:
    """The organisation account of this subject, created on first login (no password), its
    name and role refreshed from the provider. Never takes over another account's name."""
    user = session.exec(select(UserAccount).where(UserAccount.oidc_subject == subject)).first()
    same_name = find_user(session, username)
    if same_name is not None and same_name is not user:
        raise AccountError("det finns redan ett annat konto med det namnet / "
                           "another account already has that name")
    if user is None:
        user = UserAccount(username=username, password_hash="", role=role, oidc_subject=subject)
    user.username, user.role = username, role
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, username: str) -> UserAccount | None:
    query = select(UserAccount).where(func.lower(UserAccount.username) == username.strip().lower())
    return session.exec(query).first()


def _failed(session: Session, since: datetime, *where: Any) -> tuple[int, datetime | None]:
    """How many failed attempts match since then, and when the latest was."""
    query = select(func.count(), func.max(LoginAttempt.at)).where(
        *where, col(LoginAttempt.at) >= since, col(LoginAttempt.success).is_(False))
    count, latest = session.exec(query).one()
    return int(count), _aware(latest)


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def _wait(failures: int, latest: datetime | None, free: int, now: datetime) -> float:
    """Seconds still to wait: none for the first `free` failures, then doubling."""
    if failures < free or latest is None:
        return 0.0
    delay = min(MAX_DELAY.total_seconds(), 2.0 ** (failures - free))
    return delay - (now - latest).total_seconds()


def _check_rate(session: Session, name: str, remote: str) -> None:
    """RateLimited while this account+address pair, or this address, must still wait."""
    now = utcnow()
    pair = (col(LoginAttempt.username) == name, col(LoginAttempt.remote) == remote)
    last_ok = session.exec(select(func.max(LoginAttempt.at)).where(
        *pair, col(LoginAttempt.success).is_(True))).one()
    since = max(now - KEEP_ATTEMPTS, _aware(last_ok) or now - KEEP_ATTEMPTS)
    wait = max(_wait(*_failed(session, since, *pair), FREE_FAILURES, now),
               _wait(*_failed(session, now - WINDOW, pair[1]), FREE_ADDRESS_FAILURES, now))
    if wait > 0:
        raise RateLimited(math.ceil(wait))


def _verify(user: UserAccount | None, password: str) -> bool:
    try:
        return HASHER.verify(user.password_hash if user else _DUMMY_HASH, password) and bool(user)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(session: Session, username: str, password: str, remote: str) -> UserAccount | None:
    """The active account these credentials open, or None; raises RateLimited when too many
    recent attempts failed. Every try is counted."""
    name = username.strip().lower()[:64]
    _check_rate(session, name, remote)
    user = find_user(session, name)
    ok = _verify(user, password) and user is not None and user.active
    session.add(LoginAttempt(username=name, remote=remote, success=ok))
    session.execute(delete(LoginAttempt).where(col(LoginAttempt.at) < utcnow() - KEEP_ATTEMPTS))
    if not ok or user is None:
        return None
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = HASHER.hash(password)
        session.add(user)
    return user


def open_session(session: Session, user: UserAccount, hours: float) -> str:
    """A new session for the user; returns the cookie token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    session.add(WebSession(id=token_id(token), user_id=user.id or 0,
                           csrf_token=secrets.token_urlsafe(32),
                           expires_at=utcnow() + timedelta(hours=hours)))
    session.execute(delete(WebSession).where(col(WebSession.expires_at) < utcnow()))
    return token


def lookup_session(session: Session, token: str) -> Login | None:
    """The login behind a cookie token, if the session is live and the account active."""
    if not token or len(token) > 100:
        return None
    row = session.exec(select(WebSession, UserAccount)
                       .join(UserAccount, col(UserAccount.id) == WebSession.user_id)
                       .where(WebSession.id == token_id(token))).first()
    if row is None:
        return None
    web, user = row
    if not user.active or web.expires_at < utcnow():
        return None
    return Login(user.id or 0, user.username, user.role, web.csrf_token)


def close_session(session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(col(WebSession.id) == token_id(token)))


def csrf_ok(login: Login, token: str | None) -> bool:
    given = (token or "").encode("utf-8", "surrogateescape")  # any text compares, none raises
    return bool(token) and hmac.compare_digest(login.csrf_token.encode(), given)


def set_active(session: Session, user_id: int, active: bool) -> UserAccount | None:
    """Disable or enable an account; disabling ends its sessions at once."""
    user = session.get(UserAccount, user_id)
    if user is None:
        return None
    user.active = active
    session.add(user)
    if not active:
        session.execute(delete(WebSession).where(col(WebSession.user_id) == user_id))
    return user

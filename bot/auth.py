"""Who may use the registrar's queue: local accounts with Argon2 hashes, organisation accounts
(OpenID Connect), sessions kept in the database, CSRF tokens, and login rate limiting."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from bot.models import LoginAttempt, UserAccount, WebSession, utcnow

ROLES = ("registrar", "admin")
MIN_PASSWORD = 10
WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5  # in WINDOW: slows guessing one password to a crawl
MAX_FAILURES_PER_ADDRESS = 30  # in WINDOW: slows spraying many accounts from one place
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
    """Too many failed logins for this account or from this address; try again later."""


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


def _failures(session: Session, column: str, value: str) -> int:
    since = utcnow() - WINDOW
    field = col(getattr(LoginAttempt, column))
    query = select(func.count()).select_from(LoginAttempt).where(
        field == value, col(LoginAttempt.at) >= since, col(LoginAttempt.success).is_(False))
    return int(session.exec(query).one())


def _check_rate(session: Session, name: str, remote: str) -> None:
    if (_failures(session, "username", name) >= MAX_FAILURES_PER_ACCOUNT
            or _failures(session, "remote", remote) >= MAX_FAILURES_PER_ADDRESS):
        raise RateLimited


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
    return bool(token) and hmac.compare_digest(login.csrf_token, token or "")


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

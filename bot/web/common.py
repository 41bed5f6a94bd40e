"""What every handler of the web queue shares: app keys, the login of a request, database work
in a thread, rendering templates in the reader's language, redirects."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from aiohttp import web

from bot.auth import Login
from bot.context import Context
from bot.db import session_scope
from bot.i18n import DEFAULT, LANGUAGES, TEXT, one_language, translate
from bot.web import texts  # noqa: F401  (registers the queue's texts in the catalogue)
from bot.web.clock import local_time
from bot.web.history import channel_name
from bot.web.reasons import reason_text

PACKAGE = Path(__file__).resolve().parent.parent
CTX: web.AppKey[Context] = web.AppKey("ctx", Context)
LOGIN_KEY: web.RequestKey[Login] = web.RequestKey("login", Login)
SESSION_COOKIE = "diariebot_session"
LANG_COOKIE = "diariebot_lang"
T = TypeVar("T")

TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(PACKAGE / "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _static_version() -> str:
    """Changes whenever a static file does, so browsers may cache them for long."""
    digest = hashlib.sha256()
    for path in sorted((PACKAGE / "static").glob("*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


TEMPLATES.globals["static_version"] = _static_version()


def ctx_of(request: web.Request) -> Context:
    return request.app[CTX]


def login_of(request: web.Request) -> Login:
    """The login the guard attached; handlers behind the guard always have one."""
    return request[LOGIN_KEY]


def lang_of(request: web.Request) -> str:
    chosen = request.query.get("lang") or request.cookies.get(LANG_COOKIE, DEFAULT)
    return chosen if chosen in LANGUAGES else DEFAULT


async def in_db(request: web.Request, work: Callable[..., T], *args: Any) -> T:
    """Run `work(session, *args)` in one transaction on a worker thread."""
    engine = ctx_of(request).engine

    def run() -> T:
        with session_scope(engine) as session:
            return work(session, *args)

    return await asyncio.to_thread(run)


def render(request: web.Request, name: str, status: int = 200, **values: Any) -> web.Response:
    lang = lang_of(request)
    html = TEMPLATES.get_template(name).render(
        **wording(lang), lang=lang, login=request.get(LOGIN_KEY), path_qs=request.path_qs,
        **values)
    response = web.Response(text=html, content_type="text/html", status=status)
    response.headers["Cache-Control"] = "private, max-age=0"
    return response


def wording(lang: str) -> dict[str, Callable[..., object]]:
    """What templates use to say things in one language: catalogue texts (t), stored bilingual
    texts (one), proposal reasons (reason), Stockholm times (local), channels, case statuses."""
    def status(value: str | None) -> str:
        key = f"case_status.{(value or '').strip().lower()}"
        return translate(key, lang) if key in TEXT else (value or "")

    return {"t": lambda key, **kw: translate(key, lang, **kw),
            "one": lambda text: one_language(text, lang),
            "reason": lambda text: reason_text(text, lang),
            "local": local_time, "channel": lambda name: channel_name(name, lang),
            "status": status, "known": lambda key: key in TEXT}


def see_other(location: str) -> web.Response:
    """303: after a POST the browser goes on with a GET (so reloading repeats nothing)."""
    return web.Response(status=303, headers={"Location": location})


def with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


class BadRequest(Exception):
    """A malformed parameter (control characters, impossible numbers): answered 400 by the
    guard, never a 500."""


def _odd(value: str) -> bool:
    """Not a plain printable-ASCII path: control characters (browsers drop tabs and line breaks,
    so `/<TAB>/evil.example` becomes `//evil.example`), spaces, non-ASCII, or far too long."""
    return len(value) > 2000 or not value.isascii() or any(c <= " " or c == "\x7f" for c in value)


def local_path(value: str | None, fallback: str = "/") -> str:
    """Only paths on this site may be redirect targets (no open redirect): an off-site one
    (`//host`, `/\\host`, `https://…`) gives `fallback`, a malformed one is refused."""
    if not value:
        return fallback
    if _odd(value):
        raise BadRequest("next")
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return fallback
    return value


INT64 = 2**63 - 1


def int_or_none(value: str | None) -> int | None:
    try:
        number = int(value) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number is None or -INT64 <= number <= INT64 else None  # fits the database


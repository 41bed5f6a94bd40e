"""Logging in and out, and choosing the language: the only pages the anonymous may see."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy import func
from sqlmodel import Session, select

from bot.auth import RateLimited, authenticate, close_session, open_session
from bot.i18n import LANGUAGES
from bot.models import UserAccount
from bot.web.client import client_address
from bot.web.common import (
    LANG_COOKIE,
    SESSION_COOKIE,
    ctx_of,
    in_db,
    lang_of,
    local_path,
    render,
    see_other,
)

YEAR = 365 * 24 * 3600


def _no_accounts(session: Session) -> bool:
    return int(session.exec(select(func.count()).select_from(UserAccount)).one()) == 0


async def login_page(request: web.Request, status: int = 200, error: str = "") -> web.Response:
    response = render(request, "login.html", status=status, error=error,
                      next=local_path(request.query.get("next")),
                      no_accounts=await in_db(request, _no_accounts),
                      oidc=bool(ctx_of(request).settings.oidc_issuer))
    if request.query.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang_of(request), max_age=YEAR, samesite="Lax")
    return response


def _remote(request: web.Request) -> str:
    return client_address(request, ctx_of(request).settings.trusted_proxies)


def _login(session: Session, username: str, password: str, remote: str, hours: float) -> str:
    user = authenticate(session, username, password, remote)
    return open_session(session, user, hours) if user is not None else ""


async def login_post(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    target = local_path(str(form.get("next") or request.query.get("next") or "/"))
    settings = ctx_of(request).settings
    try:
        token = await in_db(request, _login, username, password, _remote(request),
                            settings.session_hours)
    except RateLimited as limited:
        response = await login_page(request, 429, "login.too_many")
        response.headers["Retry-After"] = str(limited.seconds)
        return response
    if not token:
        return await login_page(request, 401, "login.failed")
    response = see_other(target)
    response.set_cookie(SESSION_COOKIE, token, max_age=int(settings.session_hours * 3600),
                        httponly=True, samesite="Lax", secure=settings.secure_cookies, path="/")
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        await in_db(request, close_session, token)
    response = see_other("/login")
    response.del_cookie(SESSION_COOKIE, path="/")
    return response


async def choose_language(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    lang = str(form.get("lang", ""))
    response = see_other(local_path(str(form.get("next", "/"))))
    if lang in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=YEAR, samesite="Lax", path="/")
    return response


def routes() -> list[web.RouteDef]:
    return [web.get("/login", login_page), web.post("/login", login_post),
            web.post("/logout", logout), web.post("/lang", choose_language)]

"""The gate in front of every route: security headers, the session behind the cookie, refusal of
the anonymous (to /login for pages, 401 for the API), roles, and CSRF on every state change."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote, urlsplit

from aiohttp import web

from bot.auth import Login, csrf_ok, lookup_session
from bot.web.common import LOGIN_KEY, SESSION_COOKIE, in_db, render

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PUBLIC = ("/login", "/login/oidc", "/login/oidc/callback", "/healthz")
PUBLIC_PREFIXES = ("/static/", "/api/messages/")  # chat bots: each request carries its JWT
ADMIN_PREFIXES = ("/admin",)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "script-src 'self'; frame-ancestors 'none'; form-action 'self'; "
                               "base-uri 'none'; object-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def is_public(path: str) -> bool:
    return path in PUBLIC or path.startswith(PUBLIC_PREFIXES)


def is_api(request: web.Request) -> bool:
    return request.path.startswith("/api/")


def same_origin(request: web.Request) -> bool:
    """A browser names the page a POST came from; it must be this site (scripts send none)."""
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.host


async def _csrf_token(request: web.Request) -> str | None:
    if "X-CSRF-Token" in request.headers:
        return request.headers["X-CSRF-Token"]
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        value = (await request.post()).get("csrf")
        return value if isinstance(value, str) else None
    return None


def _refuse(request: web.Request, status: int, key: str) -> web.StreamResponse:
    if is_api(request):
        return web.json_response({"error": key}, status=status)
    return render(request, "error.html", status=status, message_key=key)


def _to_login(request: web.Request) -> web.StreamResponse:
    if is_api(request) or request.method not in SAFE_METHODS:
        return _refuse(request, 401, "error.login_needed")
    raise web.HTTPFound(location=f"/login?next={quote(request.path_qs, safe='')}")


async def _check(request: web.Request, login: Login | None) -> web.StreamResponse | None:
    """A refusal, or None when the request may go on."""
    if request.method not in SAFE_METHODS and not same_origin(request):
        return _refuse(request, 403, "error.csrf")
    if is_public(request.path):
        return None
    if login is None:
        return _to_login(request)
    if request.path.startswith(ADMIN_PREFIXES) and not login.is_admin:
        return _refuse(request, 403, "error.forbidden")
    if request.method not in SAFE_METHODS and not csrf_ok(login, await _csrf_token(request)):
        return _refuse(request, 403, "error.csrf")
    return None


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    token = request.cookies.get(SESSION_COOKIE, "")
    login = await in_db(request, lookup_session, token) if token else None
    if login is not None:
        request[LOGIN_KEY] = login
    response = await _check(request, login) or await handler(request)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response

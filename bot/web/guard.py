"""The gate in front of every route: security headers on every response (errors and 404s too),
the session behind the cookie, refusal of the anonymous (to /login for pages, 401 for the API),
roles, CSRF on every state change, and 400 (never a 500) for malformed parameters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote, urlsplit

from aiohttp import web

from bot.auth import Login, csrf_ok, lookup_session
from bot.web.common import CTX, LOGIN_KEY, SESSION_COOKIE, BadRequest, in_db, render

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
PUBLIC = ("/login", "/login/oidc", "/login/oidc/callback", "/healthz", "/favicon.ico")
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
HSTS = "max-age=31536000"  # with secure cookies the site is HTTPS-only: browsers should know
MAX_TOKEN = 200


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
    token = None
    if "X-CSRF-Token" in request.headers:
        token = request.headers["X-CSRF-Token"]
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        value = (await request.post()).get("csrf")
        token = value if isinstance(value, str) else None
    if token is not None and (len(token) > MAX_TOKEN or not token.isascii()):
        raise BadRequest("csrf")  # ours are short URL-safe ASCII: this one is no token at all
    return token


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


def _impossible_id(request: web.Request) -> bool:
    """A numeric path part no database row can have (over 18 digits): nothing is there."""
    return any(v.isdigit() and len(v) > 18 for v in request.match_info.values())


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    if _impossible_id(request):
        raise web.HTTPNotFound()
    token = request.cookies.get(SESSION_COOKIE, "")
    login = await in_db(request, lookup_session, token) if token else None
    if login is not None:
        request[LOGIN_KEY] = login
    try:
        return await _check(request, login) or await handler(request)
    except BadRequest:
        return _refuse(request, 400, "error.bad_request")


async def security_headers(request: web.BaseRequest, response: web.StreamResponse) -> None:
    """On every response as it is sent — pages, redirects, static files, 404s and errors."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    app = getattr(request, "app", None)
    if app is not None and CTX in app and app[CTX].settings.secure_cookies:
        response.headers.setdefault("Strict-Transport-Security", HSTS)

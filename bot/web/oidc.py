"""Organisation login (OpenID Connect): /login/oidc sends the browser to the provider, and
/login/oidc/callback opens a normal session for the account the provider vouched for."""

from __future__ import annotations

import hmac
import logging

from aiohttp import web
from sqlmodel import Session

from bot.auth import AccountError, oidc_user, open_session
from bot.oidc import Identity, OidcClient, OidcError
from bot.web.common import SESSION_COOKIE, ctx_of, in_db, local_path, see_other
from bot.web.login import login_page

OIDC: web.AppKey[OidcClient] = web.AppKey("oidc", OidcClient)
FLOW_COOKIE = "diariebot_oidc"
CALLBACK = "/login/oidc/callback"
log = logging.getLogger(__name__)


def _redirect_uri(request: web.Request) -> str:
    base = ctx_of(request).settings.public_url.rstrip("/")
    if not base:
        base = f"{request.scheme}://{request.host}"
    return f"{base}{CALLBACK}"


async def _refused(request: web.Request, error: OidcError) -> web.Response:
    log.warning("organisation login refused: %s", error)
    status = 403 if error.key == "login.oidc_no_role" else 401
    response = await login_page(request, status, error.key)
    response.del_cookie(FLOW_COOKIE, path="/login/oidc")
    return response


async def oidc_start(request: web.Request) -> web.StreamResponse:
    next_path = local_path(request.query.get("next"))
    try:
        flow, url = await request.app[OIDC].start(next_path, _redirect_uri(request))
    except OidcError as error:
        return await _refused(request, error)
    response = web.Response(status=302, headers={"Location": url})
    response.set_cookie(FLOW_COOKIE, flow.state, max_age=600, httponly=True, samesite="Lax",
                        secure=ctx_of(request).settings.secure_cookies, path="/login/oidc")
    return response


def _open(session: Session, identity: Identity, hours: float) -> str:
    """A session token for the identity's account; raises OidcError if it may not log in."""
    try:
        user = oidc_user(session, identity.subject, identity.username, identity.role)
    except AccountError as error:
        raise OidcError(str(error), key="login.oidc_name_taken") from error
    if not user.active:
        raise OidcError(f"{identity.username} is disabled", key="login.oidc_disabled")
    return open_session(session, user, hours)


async def _identity(request: web.Request) -> tuple[Identity, str]:
    """The identity the callback proves, and where the user wanted to go."""
    query, client = request.query, request.app[OIDC]
    state, cookie = query.get("state", ""), request.cookies.get(FLOW_COOKIE, "")
    if "error" in query:
        raise OidcError(f"provider said {query.get('error')}: {query.get('error_description')}")
    if not state or not hmac.compare_digest(state, cookie):
        raise OidcError("state does not match this browser's login")
    flow = await client.take(state)
    if flow is None or not query.get("code"):
        raise OidcError("unknown or expired state, or no code")
    return await client.finish(flow, query["code"]), flow.next_path


async def oidc_callback(request: web.Request) -> web.StreamResponse:
    settings = ctx_of(request).settings
    try:
        identity, next_path = await _identity(request)
        token = await in_db(request, _open, identity, settings.session_hours)
    except OidcError as error:
        return await _refused(request, error)
    response = see_other(local_path(next_path))
    response.set_cookie(SESSION_COOKIE, token, max_age=int(settings.session_hours * 3600),
                        httponly=True, samesite="Lax", secure=settings.secure_cookies, path="/")
    response.del_cookie(FLOW_COOKIE, path="/login/oidc")
    return response


def install(app: web.Application, client: OidcClient) -> None:
    """Offer organisation login on this app (only when an issuer is configured)."""
    app[OIDC] = client
    app.add_routes([web.get("/login/oidc", oidc_start), web.get(CALLBACK, oidc_callback)])

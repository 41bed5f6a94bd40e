"""Organisation login (OpenID Connect) against a fake provider on a local port: the real client
code does discovery, PKCE, the code exchange and id_token verification over HTTP."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import jwt
import pytest
from aiohttp import BasicAuth, ClientSession, web
from aiohttp.test_utils import TestClient, TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from sqlmodel import select

from bot.context import open_context
from bot.db import session_scope
from bot.models import OidcFlow, UserAccount, utcnow
from bot.web import make_app
from tests.web.conftest import log_in

CLIENT_ID, SECRET = "diariebot-test", "hemligt/&=värde"


def _rsa() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class FakeProvider:
    """Discovery, JWKS, authorize and token endpoints; tests change what the tokens say."""

    issuer: str = ""
    key: rsa.RSAPrivateKey = field(default_factory=_rsa)
    signing_key: rsa.RSAPrivateKey | None = None  # another key = a bad signature
    claims: dict[str, Any] = field(default_factory=dict)  # overrides, None removes
    auth_methods: tuple[str, ...] = ("client_secret_basic", "client_secret_post")
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    token_auth: list[str] = field(default_factory=list)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/.well-known/openid-configuration", self.discovery)
        app.router.add_get("/jwks", self.jwks)
        app.router.add_get("/authorize", self.authorize)
        app.router.add_post("/token", self.token)
        return app

    async def discovery(self, request: web.Request) -> web.Response:
        return web.json_response({
            "issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token", "jwks_uri": f"{self.issuer}/jwks",
            "token_endpoint_auth_methods_supported": list(self.auth_methods)})

    async def jwks(self, request: web.Request) -> web.Response:
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return web.json_response({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]})

    async def authorize(self, request: web.Request) -> web.Response:
        q = request.query
        assert q["response_type"] == "code" and q["client_id"] == CLIENT_ID
        assert q["code_challenge_method"] == "S256" and "openid" in q["scope"].split()
        code = secrets.token_urlsafe(16)
        self.codes[code] = dict(q)
        location = f"{q['redirect_uri']}?code={code}&state={q['state']}"
        return web.Response(status=302, headers={"Location": location})

    def _client_ok(self, request: web.Request, form: Any) -> bool:
        if "Authorization" in request.headers:
            auth = BasicAuth.decode(request.headers["Authorization"])
            self.token_auth.append("basic")
            return (unquote(auth.login), unquote(auth.password)) == (CLIENT_ID, SECRET)
        self.token_auth.append("post")
        return form.get("client_id") == CLIENT_ID and form.get("client_secret") == SECRET

    async def token(self, request: web.Request) -> web.Response:
        form = await request.post()
        asked = self.codes.pop(str(form.get("code")), None)
        if not self._client_ok(request, form) or asked is None:
            return web.json_response({"error": "invalid_grant"}, status=400)
        digest = hashlib.sha256(str(form["code_verifier"]).encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if challenge != asked["code_challenge"] or form["redirect_uri"] != asked["redirect_uri"]:
            return web.json_response({"error": "invalid_grant"}, status=400)
        return web.json_response({"id_token": self.id_token(asked["nonce"]),
                                  "access_token": "x", "token_type": "Bearer"})

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "sub": "u-123", "iat": now,
                  "exp": now + 300, "nonce": nonce, "preferred_username": "karin@kommun.se",
                  "roles": ["registrar"]}
        claims.update(self.claims)
        claims = {k: v for k, v in claims.items() if v is not None}
        key = self.signing_key or self.key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})


@pytest.fixture
async def provider():
    fake = FakeProvider()
    async with TestServer(fake.app(), host="127.0.0.1") as server:
        fake.issuer = str(server.make_url("")).rstrip("/")
        yield fake


@pytest.fixture
async def browser(ctx, provider):
    s = ctx.settings
    s.oidc_issuer, s.oidc_client_id, s.oidc_client_secret = provider.issuer, CLIENT_ID, SECRET
    async with TestClient(TestServer(make_app(ctx, background=False))) as client:
        yield client


async def sign_in(client: TestClient, next_path: str = "/", state: str | None = None):
    """Start the flow, let the provider answer, and deliver its redirect to the callback."""
    start = await client.get(f"/login/oidc?next={next_path}", allow_redirects=False)
    assert start.status == 302, await start.text()
    async with ClientSession() as http:
        answer = await http.get(start.headers["Location"], allow_redirects=False)
    back = urlsplit(answer.headers["Location"])
    query = {k: v[0] for k, v in parse_qs(back.query).items()}
    if state is not None:
        query["state"] = state
    return await client.get(back.path, params=query, allow_redirects=False)


@pytest.mark.parametrize("methods", [("client_secret_basic",), ("client_secret_post",)])
async def test_a_registrar_signs_in_and_reaches_the_queue(ctx, provider, browser, methods):
    provider.auth_methods = methods
    resp = await sign_in(browser, "/bulk")
    assert resp.status == 303 and resp.headers["Location"] == "/bulk"
    assert provider.token_auth == [methods[0].removeprefix("client_secret_")]
    page = await browser.get("/")
    assert page.status == 200 and "karin@kommun.se" in await page.text()
    assert (await browser.get("/admin/users", allow_redirects=False)).status == 403
    with session_scope(ctx.engine) as session:
        user = session.exec(select(UserAccount)).one()
    assert (user.role, user.password_hash) == ("registrar", "")
    assert user.oidc_subject == f"{provider.issuer} u-123"


async def test_the_admin_value_makes_an_admin_and_roles_follow_the_provider(ctx, provider,
                                                                             browser):
    provider.claims = {"roles": ["registrar", "admin"]}
    assert (await sign_in(browser)).status == 303
    assert (await browser.get("/admin/users")).status == 200
    provider.claims = {"roles": "registrar"}
    assert (await sign_in(browser)).status == 303
    with session_scope(ctx.engine) as session:
        assert [u.role for u in session.exec(select(UserAccount))] == ["registrar"]


async def test_a_nested_group_claim_can_carry_the_role(ctx, provider, browser):
    ctx.settings.oidc_role_claim = "realm_access.roles"
    provider.claims = {"roles": None, "realm_access": {"roles": ["admin"]}}
    assert (await sign_in(browser)).status == 303
    assert (await browser.get("/admin/users")).status == 200


@pytest.mark.parametrize("claims", [{"aud": "someone-else"}, {"exp": int(time.time()) - 3600},
                                    {"nonce": "replayed"}, {"iss": "https://evil.example"},
                                    {"nonce": None}])
async def test_bad_id_tokens_are_refused(ctx, provider, browser, claims):
    provider.claims = claims
    resp = await sign_in(browser)
    assert resp.status == 401
    assert "organisationens konto misslyckades" in await resp.text()
    assert (await browser.get("/", allow_redirects=False)).status == 302
    with session_scope(ctx.engine) as session:
        assert session.exec(select(UserAccount)).first() is None


async def test_a_bad_signature_is_refused(provider, browser):
    provider.signing_key = _rsa()
    assert (await sign_in(browser)).status == 401
    assert (await browser.get("/", allow_redirects=False)).status == 302


async def test_a_wrong_or_reused_state_is_refused(provider, browser):
    assert (await sign_in(browser, state="forged")).status == 401
    start = await browser.get("/login/oidc", allow_redirects=False)
    async with ClientSession() as http:
        answer = await http.get(start.headers["Location"], allow_redirects=False)
    callback = urlsplit(answer.headers["Location"])
    assert (await browser.get(f"{callback.path}?{callback.query}",
                              allow_redirects=False)).status == 303
    state = parse_qs(callback.query)["state"][0]
    browser.session.cookie_jar.update_cookies({"diariebot_oidc": state})  # a replay
    resp = await browser.get(f"{callback.path}?{callback.query}", allow_redirects=False)
    assert resp.status == 401 and "diariebot_session" not in resp.cookies


async def test_a_user_without_a_mapped_role_is_refused(ctx, provider, browser):
    provider.claims = {"roles": ["reader"]}
    resp = await sign_in(browser)
    assert resp.status == 403
    text = await resp.text()
    assert "ingen roll i diariebot" in text
    with session_scope(ctx.engine) as session:
        assert session.exec(select(UserAccount)).first() is None


async def test_local_accounts_keep_working_and_are_never_taken_over(ctx, accounts, provider,
                                                                    browser):
    page = await (await browser.get("/login")).text()
    assert "Logga in med organisationens konto" in page and 'name="password"' in page
    await log_in(browser, "rut")
    provider.claims = {"preferred_username": "RUT", "roles": ["admin"]}
    resp = await sign_in(browser)
    assert resp.status == 401 and "redan ditt användarnamn" in await resp.text()


async def test_organisation_accounts_have_no_password(ctx, provider, browser):
    assert (await sign_in(browser)).status == 303
    browser.session.cookie_jar.clear()
    resp = await browser.post("/login", data={"username": "karin@kommun.se", "password": ""})
    assert resp.status == 401


async def test_with_oidc_off_there_is_no_button_and_no_route(anonymous):
    page = await (await anonymous.get("/login")).text()
    assert "organisationens konto" not in page and "/login/oidc" not in page
    for path in ("/login/oidc", "/login/oidc/callback?code=x&state=y"):
        assert (await anonymous.get(path, allow_redirects=False)).status == 404


async def test_english_readers_see_the_english_button(browser):
    page = await (await browser.get("/login?lang=en")).text()
    assert "Sign in with your organisation account" in page


def test_the_client_secret_comes_from_the_environment_or_a_file(tmp_path, monkeypatch):
    from bot.settings import load_settings

    monkeypatch.setenv("DIARIEBOT_OIDC_CLIENT_SECRET", "från-miljön")
    assert load_settings(home=tmp_path).oidc_client_secret == "från-miljön"
    monkeypatch.delenv("DIARIEBOT_OIDC_CLIENT_SECRET")
    (tmp_path / "secret").write_text("från-filen\n", encoding="utf-8")
    monkeypatch.setenv("DIARIEBOT_OIDC_CLIENT_SECRET_FILE", str(tmp_path / "secret"))
    assert load_settings(home=tmp_path).oidc_client_secret == "från-filen"


async def _to_provider(client: TestClient) -> tuple[str, str]:
    """Start a login on this app and let the provider answer: the callback URL and the state."""
    start = await client.get("/login/oidc?next=/bulk", allow_redirects=False)
    async with ClientSession() as http:
        answer = await http.get(start.headers["Location"], allow_redirects=False)
    callback = urlsplit(answer.headers["Location"])
    return f"{callback.path}?{callback.query}", parse_qs(callback.query)["state"][0]


@pytest.fixture
async def other_process(ctx, browser):
    """A second app on the same database with an engine of its own: another `serve` process
    behind the load balancer, or this one after a restart."""
    other = open_context(ctx.settings)
    async with TestClient(TestServer(make_app(other, background=False))) as client:
        yield client
    other.engine.dispose()


async def test_a_login_started_in_one_process_finishes_in_another_once(provider, browser,
                                                                       other_process):
    callback, state = await _to_provider(browser)
    other_process.session.cookie_jar.update_cookies({"diariebot_oidc": state})
    resp = await other_process.get(callback, allow_redirects=False)
    assert resp.status == 303 and resp.headers["Location"] == "/bulk"
    assert (await other_process.get("/", allow_redirects=False)).status == 200
    for client in (other_process, browser):  # the state is spent, in every process
        client.session.cookie_jar.update_cookies({"diariebot_oidc": state})
        resp = await client.get(callback, allow_redirects=False)
        assert resp.status == 401 and "diariebot_session" not in resp.cookies


async def test_an_expired_login_is_refused(ctx, provider, browser):
    callback, _state = await _to_provider(browser)
    with session_scope(ctx.engine) as session:
        for flow in session.exec(select(OidcFlow)):
            flow.expires_at = utcnow() - timedelta(seconds=1)
            session.add(flow)
    resp = await browser.get(callback, allow_redirects=False)
    assert resp.status == 401 and "diariebot_session" not in resp.cookies
    with session_scope(ctx.engine) as session:
        assert session.exec(select(OidcFlow)).first() is None


async def test_the_state_is_stored_only_as_its_hash(ctx, provider, browser):
    _callback, state = await _to_provider(browser)
    with session_scope(ctx.engine) as session:
        flows = session.exec(select(OidcFlow)).all()
    assert [f.state_hash for f in flows] == [hashlib.sha256(state.encode()).hexdigest()]
    assert not any(state in str(value) for f in flows for value in f.model_dump().values())
    with ctx.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT * FROM oidc_flow").all()
    assert rows and not any(state in str(value) for row in rows for value in row)

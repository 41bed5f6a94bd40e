"""The web app against hostile requests: redirect targets that browsers would read as another
site, malformed parameters (400, never a 500 or a dropped connection), security headers on every
response, what /healthz tells the anonymous, and login throttling that slows an attacker without
locking the owner out."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.exc import OperationalError
from sqlmodel import select
from yarl import URL

from bot.auth import FREE_ADDRESS_FAILURES, FREE_FAILURES
from bot.db import session_scope
from bot.models import LoginAttempt, utcnow
from bot.web import health, make_app
from tests.web.conftest import PASSWORD, log_in

SITE = "http://diarie.example/"
OFF_SITE = ["/%09/evil.example", "/%0A/evil.example", "/%0D%0A/evil.example", "/%5C/evil.example",
            "//evil.example", "/%5Cevil.example", "%2F%2Fevil.example", "https://evil.example/",
            "/%09%09/evil.example", "%09//evil.example", "/%E2%80%AE/evil.example",
            "/\\/evil.example", "http:evil.example", "javascript:alert(1)"]


def browser_target(location: str) -> str:
    """Where a browser goes: it drops tabs and line breaks and reads backslashes as slashes."""
    cleaned = re.sub(r"[\t\n\r]", "", location).replace("\\", "/")
    return urlsplit(urljoin(SITE, cleaned)).netloc


def _url(path_and_query: str) -> URL:
    return URL(path_and_query, encoded=True)  # sent exactly as written


@pytest.mark.parametrize("target", OFF_SITE)
async def test_no_redirect_after_login_leaves_the_site(accounts, anonymous, target):
    page = await anonymous.get(_url(f"/login?next={target}"))
    assert page.status in (200, 400)
    resp = await anonymous.post(_url(f"/login?next={target}"),
                                data={"username": "rut", "password": PASSWORD},
                                allow_redirects=False)
    assert resp.status in (303, 400)
    if resp.status == 303:
        assert browser_target(resp.headers["Location"]) == "diarie.example"


async def test_a_tab_in_next_is_refused_not_followed(accounts, anonymous):
    resp = await anonymous.post(_url("/login?next=/%09/evil.example"),
                                data={"username": "rut", "password": PASSWORD},
                                allow_redirects=False)
    assert resp.status == 400 and "Location" not in resp.headers
    resp = await anonymous.post("/login", data={"username": "rut", "password": PASSWORD,
                                                "next": "/ok\r\nSet-Cookie: evil=1"},
                                allow_redirects=False)
    assert resp.status == 400 and "evil" not in resp.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("target", [*OFF_SITE, "/\t/evil.example", "/x\nLocation: //evil"])
async def test_the_language_switch_stays_on_the_site(registrar, target):
    resp = await registrar.post("/lang", data={"csrf": registrar.csrf, "lang": "en",
                                               "next": target}, allow_redirects=False)
    assert resp.status in (303, 400)
    if resp.status == 303:
        assert browser_target(resp.headers["Location"]) == "diarie.example"


async def test_malformed_parameters_answer_400(registrar):
    assert (await registrar.get(f"/?after={'9' * 23}")).status == 400
    assert (await registrar.get("/?after=0.5:abc&sort=score_desc")).status == 400
    assert (await registrar.get("/?after=nan:1&sort=score_desc")).status == 400
    resp = await registrar.post("/lang", data={"csrf": "tökén-åäö", "lang": "en"})
    assert resp.status == 400
    resp = await registrar.post("/undo", headers={"X-CSRF-Token": "t\u00f6k\u00e9n"})
    assert resp.status == 400
    assert (await registrar.get("/?year=%C2%B2", allow_redirects=False)).status == 200


async def test_impossible_ids_are_not_found_not_errors(registrar):
    huge = "9" * 23
    assert (await registrar.get(f"/items/{huge}")).status == 404
    assert (await registrar.get(f"/items/{huge}/pages/{huge}.png")).status == 404
    resp = await registrar.post("/items/1/duplicate", data={"csrf": registrar.csrf,
                                                              "of": huge})
    assert resp.status < 500


NASTY = ["", "\x00", "\t", "%", "%00", "%ZZ", "\u202e", "\ud800", "😀" * 50, "9" * 40, "-1",
         "1e309", "nan", "' OR 1=1 --", "<script>", "\\", "//x", "a" * 5000, "ﬁ", "٣", "²"]
PARAMS = ["after", "state", "confidence", "channel", "board", "year", "submitter", "has_number",
          "sort", "q", "mode", "msg", "done", "next", "lang"]


async def test_nasty_values_in_every_parameter_never_give_a_500(registrar, accounts):
    from urllib.parse import quote
    for path in ("/", "/bulk", "/api/search", "/login", "/admin/users"):
        for name in PARAMS:
            for value in NASTY:
                encoded = quote(value.encode("utf-8", "surrogatepass"), safe="")
                resp = await registrar.get(_url(f"{path}?{name}={encoded}"),
                                           allow_redirects=False)
                assert resp.status < 500, (path, name, value, resp.status)


def _headers_ok(resp, hsts: bool) -> None:
    assert "frame-ancestors 'none'" in resp.headers.get("Content-Security-Policy", "")
    assert resp.headers.get("X-Content-Type-Options") == "nosniff"
    assert resp.headers.get("X-Frame-Options") == "DENY"
    assert resp.headers.get("Referrer-Policy") == "same-origin"
    assert ("Strict-Transport-Security" in resp.headers) == hsts


async def _boom(request: web.Request) -> web.Response:
    raise RuntimeError("a bug")


ANONYMOUS = (("GET", "/login"), ("GET", "/"), ("PUT", "/login"), ("POST", "/undo"),
             ("GET", "/static/queue.css"), ("GET", "/healthz"), ("GET", "/login?next=/%09/x"))
LOGGED_IN = (("GET", "/no/such/page"), ("GET", "/items/123456"), ("GET", "/boom"),
             ("POST", "/undo"), ("GET", f"/?after={'9' * 23}"), ("GET", "/"))


@pytest.mark.parametrize("secure", [False, True])
async def test_security_headers_on_every_response(ctx, accounts, secure):
    app = make_app(ctx, background=False)
    app.router.add_get("/boom", _boom)
    async with TestClient(TestServer(app)) as client:
        seen = {}
        ctx.settings.secure_cookies = secure
        for method, path in ANONYMOUS:
            resp = await client.request(method, _url(path), allow_redirects=False)
            _headers_ok(resp, secure)
            seen[resp.status] = path
        ctx.settings.secure_cookies = False  # the test client sends secure cookies over https only
        await log_in(client, "rut")
        ctx.settings.secure_cookies = secure
        for method, path in LOGGED_IN:
            resp = await client.request(method, _url(path), allow_redirects=False)
            _headers_ok(resp, secure)
            seen[resp.status] = path
    assert {200, 302, 400, 401, 403, 404, 405, 500} <= set(seen)


async def test_healthz_tells_the_anonymous_only_ok_or_not(ctx, accounts, monkeypatch):
    async with TestClient(TestServer(make_app(ctx, background=False))) as anonymous:
        resp = await anonymous.get("/healthz")
        assert resp.status == 200 and await resp.json() == {"status": "ok"}

        def broken(_ctx):
            raise OperationalError("SELECT 1", {}, Exception("disk I/O error at /srv/secret"))

        monkeypatch.setattr(health, "_database", broken)
        resp = await anonymous.get("/healthz")
        assert resp.status == 503 and await resp.json() == {"status": "error"}
    async with TestClient(TestServer(make_app(ctx, background=False))) as registrar:
        await log_in(registrar, "rut")
        assert await (await registrar.get("/healthz")).json() == {"status": "error"}
    async with TestClient(TestServer(make_app(ctx, background=False))) as admin:
        await log_in(admin, "ada")
        told = await (await admin.get("/healthz")).json()
        assert told["status"] == "error" and "disk I/O error" in told["database"]
        page = await admin.get("/admin/health")
        assert page.status == 200 and "disk I/O error" in await page.text()


async def test_admins_see_counts_and_workers_on_healthz(ctx, accounts, admin):
    told = await (await admin.get("/healthz")).json()
    assert told["status"] == "ok" and told["database"] == "ok" and "items" in told


def _login(client, user, password, address=None):
    headers = {"X-Forwarded-For": address} if address else {}
    return client.post("/login", data={"username": user, "password": password},
                       headers=headers, allow_redirects=False)


async def test_an_attacker_is_slowed_but_the_owner_still_gets_in(ctx, accounts):
    ctx.settings.trusted_proxies = ["127.0.0.1"]  # the test client is the reverse proxy
    async with TestClient(TestServer(make_app(ctx, background=False))) as proxy:
        for _ in range(FREE_FAILURES):
            assert (await _login(proxy, "rut", "gissning", "203.0.113.5")).status == 401
        for _ in range(5):
            resp = await _login(proxy, "rut", "gissning", "203.0.113.5")
            assert resp.status == 429 and int(resp.headers["Retry-After"]) >= 1
        resp = await _login(proxy, "rut", PASSWORD, "203.0.113.5")
        assert resp.status == 429  # even the right password waits, from there
        resp = await _login(proxy, "rut", PASSWORD, "198.51.100.7")
        assert resp.status == 303  # the owner, from their own address, is not locked out


async def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(ctx, accounts):
    async with TestClient(TestServer(make_app(ctx, background=False))) as client:
        for n in range(FREE_FAILURES):
            assert (await _login(client, "rut", "fel", f"203.0.113.{n}")).status == 401
        resp = await _login(client, "rut", "fel", "203.0.113.99")  # a fresh spoofed address
        assert resp.status == 429


def _failures(ctx, user: str, remote: str, count: int, last_seconds_ago: float) -> None:
    with session_scope(ctx.engine) as session:
        last = utcnow() - timedelta(seconds=last_seconds_ago)
        for n in range(count):
            session.add(LoginAttempt(username=user, remote=remote, success=False,
                                     at=last - timedelta(seconds=count - 1 - n)))


async def test_the_wait_doubles_with_each_failure_and_then_passes(ctx, accounts, anonymous):
    _failures(ctx, "rut", "127.0.0.1", FREE_FAILURES + 3, last_seconds_ago=5)  # must wait 8 s
    resp = await _login(anonymous, "rut", PASSWORD)
    assert resp.status == 429 and 1 <= int(resp.headers["Retry-After"]) <= 3
    with session_scope(ctx.engine) as session:
        for attempt in session.exec(select(LoginAttempt)):
            attempt.at -= timedelta(seconds=4)  # now 9 s ago: the 8 s have passed
            session.add(attempt)
    assert (await _login(anonymous, "rut", PASSWORD)).status == 303
    assert (await _login(anonymous, "rut", "fel")).status == 401  # a success starts afresh


async def test_spraying_many_accounts_from_one_address_is_slowed(ctx, accounts, anonymous):
    for n in range(FREE_ADDRESS_FAILURES + 3):  # one wrong password each: must wait 8 s
        _failures(ctx, f"user{n}", "127.0.0.1", 1, last_seconds_ago=1)
    assert (await _login(anonymous, "rut", PASSWORD)).status == 429

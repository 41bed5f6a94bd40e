"""Every route refuses the anonymous (pages send them to /login, the API answers 401), admin
routes refuse registrars, and no state changes without the session's CSRF token."""

from __future__ import annotations

import re

from aiohttp import web

from bot.web import make_app
from bot.web.guard import is_public
from tests.web.conftest import Want, queue_item

EXAMPLES = {"item_id": "1", "number": "1", "user_id": "1", "case_id": "1"}


def all_routes(ctx) -> list[tuple[str, str]]:
    """(method, concrete path) for every route of the app but static files and HEAD."""
    found = []
    for route in make_app(ctx, background=False).router.routes():
        if route.method == "HEAD" or isinstance(route.resource, web.StaticResource):
            continue
        path = route.resource.canonical
        path = re.sub(r"\{(\w+)(:[^}]*)?\}", lambda m: EXAMPLES[m[1]], path)
        found.append((route.method, path))
    return found


def test_the_route_table_is_what_the_tests_expect(ctx):
    paths = {p for _, p in all_routes(ctx)}
    assert {"/", "/items/1", "/items/1/confirm", "/undo", "/bulk", "/api/search",
            "/admin/users", "/login", "/healthz"} <= paths


async def test_every_route_refuses_the_anonymous(registry, anonymous):
    queue_item(registry, "a.pdf", [["Dnr KS 2021/0456"]], [Want("KS 2021/0456", 1, 0.95)])
    for method, path in all_routes(registry):
        if is_public(path):
            continue
        resp = await anonymous.request(method, path, allow_redirects=False)
        if method == "GET" and not path.startswith("/api/"):
            assert resp.status == 302, (method, path)
            assert resp.headers["Location"].startswith("/login?next="), path
        else:
            assert resp.status == 401, (method, path, resp.status)


async def test_admin_routes_refuse_registrars(registry, registrar):
    admin_routes = [(m, p) for m, p in all_routes(registry) if p.startswith("/admin")]
    assert len(admin_routes) >= 3
    for method, path in admin_routes:
        resp = await registrar.request(method, path, data={"csrf": registrar.csrf},
                                       allow_redirects=False)
        assert resp.status == 403, (method, path)


async def test_admins_may_use_admin_and_queue_routes(registry, admin):
    assert (await admin.get("/admin/users")).status == 200
    assert (await admin.get("/")).status == 200


async def test_state_changes_need_the_session_csrf_token(registry, registrar):
    item = queue_item(registry, "a.pdf", [["Dnr KS 2021/0456"]], [Want("KS 2021/0456", 1, 0.95)])
    for data in ({}, {"csrf": "forged"}):
        resp = await registrar.post(f"/items/{item}/confirm", data=data, allow_redirects=False)
        assert resp.status == 403
    resp = await registrar.post(f"/items/{item}/confirm", data={"csrf": registrar.csrf},
                                headers={"Origin": "https://evil.example"},
                                allow_redirects=False)
    assert resp.status == 403
    resp = await registrar.post(f"/items/{item}/confirm", data={"csrf": registrar.csrf},
                                allow_redirects=False)
    assert resp.status == 303


async def test_pages_carry_security_headers(registrar):
    resp = await registrar.get("/")
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Frame-Options"] == "DENY"


def test_the_access_log_leaves_out_query_strings_and_addresses(caplog):
    import logging

    from aiohttp.test_utils import make_mocked_request

    from bot.web.app import PathOnlyAccessLog

    caplog.set_level(logging.INFO)
    request = make_mocked_request("GET", "/?submitter=anna.berg@exempelby.se")
    PathOnlyAccessLog(logging.getLogger("access"), "").log(request, web.Response(), 0.01)
    assert "GET / 200" in caplog.text and "anna" not in caplog.text

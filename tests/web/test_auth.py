"""Login: Argon2 hashes, sessions stored by hash, safe redirects, rate limiting, logout,
disabled accounts, and accounts from the command line and the admin page."""

from __future__ import annotations

from sqlmodel import select

from bot.auth import FREE_FAILURES
from bot.cli import main
from bot.db import session_scope
from bot.models import UserAccount, WebSession
from bot.web.common import SESSION_COOKIE
from tests.web.conftest import PASSWORD, log_in


async def test_login_sets_an_http_only_session_cookie_whose_hash_is_stored(ctx, accounts,
                                                                           anonymous):
    resp = await anonymous.post("/login", data={"username": "RUT", "password": PASSWORD},
                                allow_redirects=False)
    assert resp.status == 303
    cookie = resp.cookies[SESSION_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    with session_scope(ctx.engine) as session:
        stored = session.exec(select(WebSession)).one()
        hashed = session.exec(select(UserAccount.password_hash)).first()
    assert stored.id != cookie.value and len(stored.id) == 64
    assert hashed.startswith("$argon2id$")


def test_hashes_meet_owasps_argon2id_minimum_and_older_ones_are_rehashed_at_log_in(ctx):
    from argon2 import PasswordHasher

    from bot.auth import add_user, authenticate

    with session_scope(ctx.engine) as session:
        add_user(session, "eva", PASSWORD, "registrar")
        stored = session.exec(select(UserAccount).where(UserAccount.username == "eva")).one()
        _, kind, _, params, *_ = stored.password_hash.split("$")
        values = {k: int(v) for k, v in (p.split("=") for p in params.split(","))}
        assert kind == "argon2id"
        assert values["m"] >= 19 * 1024 and values["t"] >= 2 and values["p"] >= 1
        stored.password_hash = PasswordHasher(time_cost=3, memory_cost=65536).hash(PASSWORD)
        session.add(stored)
    with session_scope(ctx.engine) as session:
        assert authenticate(session, "eva", PASSWORD, "127.0.0.1") is not None
    with session_scope(ctx.engine) as session:
        rehashed = session.exec(select(UserAccount.password_hash)
                                .where(UserAccount.username == "eva")).one()
    assert "m=19456,t=2,p=1" in rehashed


async def test_login_goes_back_to_the_page_asked_for_but_never_off_site(accounts, anonymous):
    for wanted, expected in (("/items/7?state=queued", "/items/7?state=queued"),
                             ("//evil.example/", "/"), ("https://evil.example/", "/")):
        resp = await anonymous.post("/login", data={"username": "rut", "password": PASSWORD,
                                                    "next": wanted}, allow_redirects=False)
        assert resp.headers["Location"] == expected


async def test_wrong_passwords_are_refused_then_rate_limited(accounts, anonymous):
    for _ in range(FREE_FAILURES):
        resp = await anonymous.post("/login", data={"username": "rut", "password": "fel"})
        assert resp.status == 401
        assert "Fel användarnamn eller lösenord" in await resp.text()
    resp = await anonymous.post("/login", data={"username": "rut", "password": PASSWORD})
    assert resp.status == 429  # even the right password waits now, from this address
    resp = await anonymous.post("/login", data={"username": "ada", "password": PASSWORD},
                                allow_redirects=False)
    assert resp.status == 303  # other accounts are not locked out


async def test_a_cross_site_login_post_is_refused(accounts, anonymous):
    resp = await anonymous.post("/login", data={"username": "rut", "password": PASSWORD},
                                headers={"Origin": "https://evil.example"})
    assert resp.status == 403


async def test_logout_ends_the_session(registrar):
    resp = await registrar.post("/logout", data={"csrf": registrar.csrf}, allow_redirects=False)
    assert resp.headers["Location"] == "/login"
    assert (await registrar.get("/", allow_redirects=False)).status == 302


async def test_disabling_an_account_ends_its_sessions(ctx, registrar, admin):
    with session_scope(ctx.engine) as session:
        rut = session.exec(select(UserAccount).where(UserAccount.username == "rut")).one()
    resp = await admin.post(f"/admin/users/{rut.id}/active",
                            data={"csrf": admin.csrf, "active": "0"}, allow_redirects=False)
    assert resp.status == 303
    assert (await registrar.get("/", allow_redirects=False)).status == 302


async def test_admins_add_accounts_that_can_log_in(admin, anonymous):
    resp = await admin.post("/admin/users", data={"csrf": admin.csrf, "username": "nils",
                                                  "password": "kort", "role": "registrar"})
    assert resp.status == 400  # too short
    await admin.post("/admin/users", data={"csrf": admin.csrf, "username": "nils",
                                           "password": PASSWORD, "role": "registrar"})
    assert "nils" in await (await admin.get("/admin/users")).text()
    await log_in(anonymous, "nils")


def test_user_add_from_the_command_line(tmp_path, monkeypatch, capsys):
    home = str(tmp_path / "home")
    monkeypatch.setenv("DIARIEBOT_PASSWORD", PASSWORD)
    assert main(["--home", home, "user", "add", "karin", "--role", "admin"]) == 0
    assert main(["--home", home, "user", "add", "Karin"]) == 1  # names ignore case
    assert "finns redan" in capsys.readouterr().err
    monkeypatch.setenv("DIARIEBOT_PASSWORD", "kort")
    assert main(["--home", home, "user", "add", "olle"]) == 1

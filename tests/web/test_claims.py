"""Soft claims: opening an item reserves it for a while, other registrars' "next" passes it by,
the list and the item page say who has it, and deciding or skipping ends the claim. Time comes
from a clock the test moves, never from sleeping."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import inspect
from sqlmodel import select

from bot import decisions
from bot.auth import add_user
from bot.db import open_engine, session_scope
from bot.models import QueueEntry
from bot.web import make_app
from bot.web.actions import _work_and_release
from bot.web.facets import SyncState, sync
from bot.web.listing import Filters, claim, next_after, release
from bot.web.queue import CLOCK
from tests.web.conftest import PASSWORD, Want, log_in, queue_item, without_notice

START = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def clock() -> Clock:
    return Clock()


async def _client(ctx, clock: Clock, username: str) -> TestClient:
    app = make_app(ctx, background=False)
    app[CLOCK] = clock
    client = TestClient(TestServer(app))
    await client.start_server()
    client.csrf = await log_in(client, username)
    return client


@pytest.fixture
async def pair(registry, accounts, clock):
    """Registrars A (rut) and B (bo), each in a browser of their own, sharing one clock."""
    with session_scope(registry.engine) as session:
        add_user(session, "bo", PASSWORD, "registrar")
    a = await _client(registry, clock, "rut")
    b = await _client(registry, clock, "bo")
    yield a, b
    await a.close()
    await b.close()


def _seed(ctx) -> list[int]:
    return [queue_item(ctx, f"{name}.pdf", [["Dnr KS 2021/0456"]], [Want("KS 2021/0456", 1, 0.95)])
            for name in ("first", "second", "third")]


def _claim_of(ctx, item_id: int) -> tuple[str | None, datetime | None]:
    with session_scope(ctx.engine) as session:
        entry = session.get(QueueEntry, item_id)
        return entry.claimed_by, entry.claimed_until


def _next_for(ctx, me: str, item_id: int, now: datetime) -> int | None:
    with session_scope(ctx.engine) as session:
        return next_after(session, Filters(), item_id, me, now)


async def _open(client: TestClient, item_id: int, **headers: str) -> str:
    resp = await client.get(f"/items/{item_id}", headers=headers)
    assert resp.status == 200
    return await resp.text()


async def _post(client: TestClient, item_id: int, action: str) -> str:
    resp = await client.post(f"/items/{item_id}/{action}", data={"csrf": client.csrf, "q": ""},
                             allow_redirects=False)
    assert resp.status == 303, await resp.text()
    return without_notice(resp.headers["Location"])


def _row(text: str, item_id: int) -> str:
    rows = [r for r in re.split(r"<tr[ >]", text) if re.search(f'href="/items/{item_id}[?"]', r)]
    assert len(rows) == 1
    return rows[0]


def _banner(text: str) -> str | None:
    found = re.search(r'<p class="notice" role="status" id="claim">([^<]*)</p>', text)
    return found.group(1) if found else None


async def test_opening_an_item_claims_it_and_the_others_next_passes_it_by(registry, pair, clock):
    first, second, third = _seed(registry)
    a, b = pair
    await _open(a, second)
    assert _claim_of(registry, second) == ("rut", START + timedelta(minutes=10))
    assert _next_for(registry, "bo", first, clock.now) == third
    assert _next_for(registry, "rut", first, clock.now) == second  # one's own claim is no bar
    page = await _open(b, first)
    assert f'id="next-link">Nästa #{third}' in page  # prefetched and linked: not A's item
    assert await _post(b, first, "confirm") == f"/items/{third}"
    assert _claim_of(registry, third)[0] == "bo"  # claimed at once, even if shown from prefetch
    assert _claim_of(registry, second)[0] == "rut"


async def test_viewing_someone_elses_item_shows_who_and_does_not_take_it_over(registry, pair,
                                                                              clock):
    _, second, _ = _seed(registry)
    a, b = pair
    assert _banner(await _open(a, second)) is None
    clock.advance(3)
    page = await _open(b, second)
    assert _banner(page) == ("Posten granskas av rut till kl. 10:10. Du kan ändå fatta "
                             "beslut, men om ni båda gör det gäller det första.")  # Stockholm
    assert _claim_of(registry, second) == ("rut", START + timedelta(minutes=10))
    english = await (await b.get(f"/items/{second}?lang=en")).text()
    assert "being reviewed by rut until 10:10" in _banner(english)
    assert _banner(await _open(a, second)) is None  # A's own view renews A's claim
    assert _claim_of(registry, second) == ("rut", START + timedelta(minutes=13))
    assert 'id="form-confirm"' in page  # B may still act; the 409 stays the real safety net


async def test_an_expired_claim_holds_no_longer(registry, pair, clock):
    first, second, third = _seed(registry)
    a, b = pair
    await _open(a, second)
    clock.advance(9)
    assert _next_for(registry, "bo", first, clock.now) == third
    clock.advance(1)  # exactly at claimed_until the claim has run out
    assert _next_for(registry, "bo", first, clock.now) == second
    await _open(b, first)
    assert await _post(b, first, "confirm") == f"/items/{second}"
    assert _claim_of(registry, second) == ("bo", clock.now + timedelta(minutes=10))
    assert _banner(await _open(a, second)).startswith("Posten granskas av bo")


async def test_a_decision_ends_the_claim(registry, pair, clock):
    _, second, third = _seed(registry)
    a, b = pair
    await _open(a, second)
    assert await _post(a, second, "confirm") == f"/items/{third}"
    assert _claim_of(registry, second) == (None, None)
    assert _claim_of(registry, third)[0] == "rut"
    text = await (await b.get("/?state=confirmed")).text()
    assert "granskas av" not in _row(text, second)


def test_a_decision_ends_the_claim_in_its_own_transaction(registry):
    first, second, _ = _seed(registry)
    with session_scope(registry.engine) as session:
        sync(session, SyncState())
        assert claim(session, first, "rut", START, 10) is None
        assert claim(session, second, "rut", START, 10) is None
    with session_scope(registry.engine) as session:  # no facet sync in between
        _work_and_release(session, decisions.confirm, False, first, "bo")  # decided by another
        _work_and_release(session, decisions.skip, True, second, "bo")  # skipped by another
        rows = {e.item_id: (e.claimed_by, e.state) for e in session.exec(select(QueueEntry))}
    assert rows[first] == (None, "queued")  # the row is not resynced yet, the claim is gone
    assert rows[second] == ("rut", "queued")  # someone else's skip leaves the claim alone


async def test_skipping_ends_ones_own_claim(registry, pair, clock):
    first, second, third = _seed(registry)
    a, b = pair
    await _open(a, second)
    await _open(b, first)
    assert await _post(b, first, "skip") == f"/items/{third}"  # A's claim on the second holds
    assert _claim_of(registry, first) == (None, None)  # B's own claim on the first ended
    assert _claim_of(registry, second)[0] == "rut"
    assert await _post(a, second, "skip") == "/"  # B has claimed the third: nothing is left
    assert _claim_of(registry, second) == (None, None)
    assert _claim_of(registry, third)[0] == "bo"
    assert _next_for(registry, "bo", first, clock.now) == second


async def test_the_list_marks_items_others_have_open(registry, pair, clock):
    first, second, _ = _seed(registry)
    a, b = pair
    await _open(a, second)
    for_b = await (await b.get("/")).text()
    assert '<small class="claimed">granskas av rut</small>' in _row(for_b, second)
    assert "granskas av" not in _row(for_b, first)
    assert "granskas av" not in await (await a.get("/")).text()
    english = await (await b.get("/?lang=en")).text()
    assert "being reviewed by rut" in _row(english, second)
    clock.advance(10)
    assert "granskas av" not in await (await b.get("/")).text()


async def test_a_browsers_prefetch_claims_nothing(registry, pair, clock):
    first, second, _ = _seed(registry)
    a, _ = pair
    await _open(a, second, **{"Sec-Purpose": "prefetch"})
    await _open(a, first, Purpose="prefetch")
    assert _claim_of(registry, second) == (None, None)
    assert _claim_of(registry, first) == (None, None)


def test_only_queued_items_are_claimed(registry):
    first, _, _ = _seed(registry)
    with session_scope(registry.engine) as session:
        decisions.confirm(session, first, "rut")
        sync(session, SyncState())
        assert session.get(QueueEntry, first).state == "confirmed"
        assert claim(session, first, "bo", START, 10) is None
    assert _claim_of(registry, first) == (None, None)
    with session_scope(registry.engine) as session:
        release(session, first)  # releasing what no one holds is harmless
    assert _claim_of(registry, first) == (None, None)


def test_the_migration_adds_the_claim_columns(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'x.db'}")
    columns = {c["name"]: c for c in inspect(engine).get_columns("queue_entry")}
    assert columns["claimed_by"]["nullable"] and columns["claimed_until"]["nullable"]
    with engine.connect() as conn:
        assert int(conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()) >= 8

"""The queue list: facet rows follow items, filters and counts, keyset paging in each order,
the next item, and bulk confirmation row by row, a page at a time."""

from __future__ import annotations

import re

from sqlmodel import select

from bot.db import session_scope
from bot.models import Decision, Item
from bot.states import transition
from bot.web.facets import SyncState, sync
from bot.web.listing import SORTS, Filters, counts, next_after, page
from tests.web.conftest import Want, queue_item


def _seed(ctx) -> list[int]:
    return [
        queue_item(ctx, "a.pdf", [["Dnr KS 2021/0456"]], [Want("KS 2021/0456", 1, 0.95)]),
        queue_item(ctx, "b.pdf", [["bygglov"]], [Want("BN 2021/0456", 1, 0.7)],
                   submitter="Eva.Sten@exempelby.se", channel="scan"),
        queue_item(ctx, "c.pdf", [["Dnr KS 2020/0102"]], [Want("KS 2020/0102", 1, 0.92)]),
        queue_item(ctx, "d.pdf", [["reklam"]], []),
    ]


def _listing(ctx, sync_state=None, **filters):
    with session_scope(ctx.engine) as session:
        sync(session, sync_state or SyncState())
        rows, _ = page(session, Filters(**filters), size=10)
        return [r.item_id for r in rows], counts(session, Filters(**filters))


def test_filters_narrow_the_queue_and_counts_say_how_many(registry):
    a, b, c, d = _seed(registry)
    assert _listing(registry)[0] == [a, b, c, d]
    assert _listing(registry, confidence="high")[0] == [a, c]
    assert _listing(registry, channel="scan")[0] == [b]
    assert _listing(registry, board="BN")[0] == [b]
    assert _listing(registry, year="2020")[0] == [c]
    assert _listing(registry, submitter="eva.sten@exempelby.se")[0] == [b]
    assert _listing(registry, has_number="yes")[0] == [a, c]
    assert _listing(registry, has_number="no")[0] == [b, d]
    _, found = _listing(registry, confidence="high")
    assert found["state"] == {"queued": 2}
    assert found["confidence"] == {"high": 2, "medium": 1, "none": 1}


def test_facets_follow_state_changes_made_anywhere(registry):
    a, *_ = _seed(registry)
    state = SyncState()
    assert a in _listing(registry, state)[0]
    with session_scope(registry.engine) as session:
        transition(session, session.get(Item, a), "rejected", actor="worker:test")
    assert a not in _listing(registry, state)[0]
    assert _listing(registry, state, state="rejected")[0] == [a]


def test_keyset_paging_visits_every_item_once_in_each_order(registry):
    _seed(registry)
    _seed(registry)
    with session_scope(registry.engine) as session:
        sync(session, SyncState())
        for sort in SORTS:
            seen, cursor = [], ""
            while True:
                rows, cursor = page(session, Filters(sort=sort), cursor, size=3)
                seen += [(r.score, r.item_id) for r in rows]
                if not cursor:
                    break
            assert len(seen) == len(set(seen)) == 8, sort
            descending = SORTS[sort][1]
            keys = [s[1] for s in seen] if SORTS[sort][0] is None else seen
            assert keys == sorted(keys, reverse=descending), sort


def test_next_item_follows_the_registrars_order(registry):
    a, b, c, d = _seed(registry)
    with session_scope(registry.engine) as session:
        sync(session, SyncState())
        assert next_after(session, Filters(), a) == b
        assert next_after(session, Filters(sort="score_desc"), a) == c
        assert next_after(session, Filters(confidence="high"), a) == c
        assert next_after(session, Filters(), d) is None


def test_filters_round_trip_through_the_address():
    filters = Filters.parse({"confidence": "high", "board": "KS", "sort": "newest", "x": "y"})
    assert Filters.parse(dict(p.split("=") for p in filters.query().split("&"))) == filters
    assert Filters.parse({"state": "drop table", "sort": "evil"}) == Filters()


async def test_the_list_page_shows_rows_counts_and_a_next_page(registry, registrar):
    _seed(registry)
    text = await (await registrar.get("/?confidence=high")).text()
    assert "a.pdf" in text and "c.pdf" in text and "b.pdf" not in text
    assert "2 poster" in text


def _shown(text: str) -> list[int]:
    return [int(i) for i in re.findall(r'name="shown" value="(\d+)"', text)]


async def _confirm(client, ticked: list[int], shown: list[int], q: str = ""):
    data = [("csrf", client.csrf), ("q", q)] + [("shown", str(i)) for i in shown]
    data += [("item", str(i)) for i in ticked]
    return await client.post("/bulk", data=data, allow_redirects=False)


async def test_bulk_confirms_only_the_ticked_certain_rows_shown(registry, registrar):
    a, b, c, _ = _seed(registry)
    text = await (await registrar.get("/bulk")).text()
    assert "Rad 1–2 av 2" in text and "a.pdf" in text and "b.pdf" not in text
    assert _shown(text) == [a, c] and text.count('name="item"') == 2
    assert 'aria-label="Ta med #' in text
    late = queue_item(registry, "e.pdf", [["Dnr KS 2021/0456"]], [Want("KS 2021/0456", 1, 0.99)])
    resp = await _confirm(registrar, [a, c, late, b], [a, c])  # late and b were never shown
    assert resp.status == 303 and "done=2" in resp.headers["Location"]
    with session_scope(registry.engine) as session:
        states = {i.id: i.state for i in session.exec(select(Item))}
        assert [d.action for d in session.exec(select(Decision))] == ["bulk_confirm"] * 2
    assert (states[a], states[b], states[c], states[late]) == (
        "confirmed", "queued", "confirmed", "queued")


async def test_bulk_shows_every_row_a_page_at_a_time_and_any_can_be_left_out(
        registry, registrar, monkeypatch):
    from bot.web import bulk

    monkeypatch.setattr(bulk, "PAGE", 2)
    ids = [queue_item(registry, f"{n}.pdf", [["Dnr KS 2021/0456"]],
                      [Want("KS 2021/0456", 1, 0.95)]) for n in "pqrst"]
    text = await (await registrar.get("/bulk")).text()
    assert "Rad 1–2 av 5" in text and _shown(text) == ids[:2] and 'id="bulk-next"' in text
    resp = await _confirm(registrar, [ids[0]], ids[:2])  # the second row left out
    location = resp.headers["Location"]
    assert f"after={ids[1]}" in location and "done=1" in location and "left=1" in location
    text = await (await registrar.get(location)).text()
    assert "1 poster bekräftades. 1 lämnades utanför" in text
    assert "Rad 2–3 av 4" in text and _shown(text) == ids[2:4]  # the left-out one stays queued
    text = await (await registrar.get(f"/bulk?after={ids[3]}")).text()
    assert "Rad 4–4 av 4" in text and _shown(text) == ids[4:] and "bulk-next" not in text
    with session_scope(registry.engine) as session:
        states = [session.get(Item, i).state for i in ids]
    assert states == ["confirmed"] + ["queued"] * 4


async def test_bulk_refuses_what_is_not_an_item_id(registry, registrar):
    a, *_ = _seed(registry)
    for shown in (["x"], ["-1"], ["9" * 30]):
        resp = await registrar.post("/bulk", data=[("csrf", registrar.csrf), ("item", str(a))]
                                    + [("shown", v) for v in shown], allow_redirects=False)
        assert resp.status == 400, shown
    assert (await registrar.get("/bulk?after=x")).status == 400
    with session_scope(registry.engine) as session:
        assert session.get(Item, a).state == "queued"

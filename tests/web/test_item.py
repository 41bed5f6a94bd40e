"""The item page (evidence, case records, email headers, duplicates, history), previews and
originals, search-as-you-type, and the actions as plain form posts."""

from __future__ import annotations

from sqlmodel import select

from bot.db import session_scope
from bot.models import Item
from bot.previews import cache_path
from bot.web.evidence import segments
from bot.web.search import match_expression
from tests.web.conftest import Want, queue_item, without_notice


def _item(ctx, **kw) -> int:
    return queue_item(ctx, "yttrande.pdf", [["Yttrande", "Dnr KS 2021/0456-2",
                                             "Länsstyrelsen i Västra Götalands län"], ["Sida två"]],
                      [Want("KS 2021/0456", 2, 0.95), Want("BN 2021/0456", 1, 0.3)], **kw)


def test_evidence_marks_number_spans_and_matched_words():
    text = "Dnr KS 2021/0456 från Länsstyrelsen; länsstyrelsen igen"
    evidence = [[{"source": "text", "where": "sida 1", "start": 4, "end": 16, "text": "x"},
                 {"source": "text", "kind": "counterpart", "text": "Länsstyrelsen"}],
                [{"source": "text", "where": "sida 2", "start": 0, "end": 3}]]
    marked = [(s.text, s.mark) for s in segments(text, "sida 1", evidence) if s.mark is not None]
    assert marked == [("KS 2021/0456", 0), ("Länsstyrelsen", 0), ("länsstyrelsen", 0)]
    assert "".join(s.text for s in segments(text, "sida 1", evidence)) == text


async def test_the_item_page_shows_what_a_registrar_needs(registry, registrar):
    parent = queue_item(registry, "mejl.eml", [["Hej"]], [],
                        meta={"kind": "email", "from": "Anna Berg <anna.berg@exempelby.se>",
                              "subject": "VB: Yttrande", "message_id": "<m1@exempelby.se>"})
    item_id = _item(registry)
    copy = _item(registry)
    with session_scope(registry.engine) as session:
        session.get(Item, item_id).parent_id = parent
        session.get(Item, copy).duplicate_of = item_id
    text = await (await registrar.get(f"/items/{item_id}")).text()
    assert '<mark class="ev ev-best" title="KS 2021/0456">KS 2021/0456</mark>' in text
    assert "3 av 3 handlingar saknar fil" in text and "Bygglov för nybyggnad" in text
    assert "VB: Yttrande" in text and "&lt;m1@exempelby.se&gt;" in text
    assert f"/items/{copy}" in text  # its duplicate
    assert f"/items/{item_id}/pages/2.png" in text
    assert 'id="form-alt-1"' in text and "Enter" in text


async def test_previews_are_rendered_once_and_originals_are_exact(registry, registrar):
    item_id = _item(registry)
    resp = await registrar.get(f"/items/{item_id}/pages/2.png")
    assert resp.status == 200 and (await resp.read()).startswith(b"\x89PNG")
    with session_scope(registry.engine) as session:
        item = session.get(Item, item_id)
    assert cache_path(registry, item.sha256, 2).exists()
    assert (await registrar.get(f"/items/{item_id}/pages/3.png")).status == 404
    resp = await registrar.get(f"/items/{item_id}/original")
    assert await resp.read() == registry.blobs.get(item.sha256)
    assert resp.headers["Content-Disposition"].startswith("attachment")


async def test_a_split_part_previews_its_own_pages_of_the_original(registry, registrar):
    item_id = _item(registry)
    resp = await registrar.post(f"/items/{item_id}/split",
                                data={"csrf": registrar.csrf, "ranges": "1, 2"})
    assert resp.status == 200
    with session_scope(registry.engine) as session:
        part = session.exec(select(Item).where(Item.parent_id == item_id,
                                               Item.position == 2)).one()
    assert (await registrar.get(f"/items/{part.id}/pages/1.png")).status == 200
    assert (await registrar.get(f"/items/{part.id}/pages/2.png")).status == 404
    assert cache_path(registry, part.sha256, 2).exists()  # page 2 of the original


def test_search_expressions_prefix_the_word_being_typed():
    assert match_expression("detaljplan tegel") == '"detaljplan" "tegel"*'
    assert match_expression("detaljplan ") == '"detaljplan"'
    assert match_expression("Tegelviken 3:14") .endswith('"fastighettegelviken3x14"')


async def test_search_finds_cases_by_number_beginning_and_words(registry, registrar):
    async def rows(typed: str) -> str:
        return await (await registrar.get("/api/search", params={"q": typed})).text()

    found = await rows("KS 2021/0456-3")
    assert 'class="document wanted" data-case="1" data-document="3"' in found
    assert "KS 2021/0456" in await rows("ks 2021/04")
    assert "Delårsrapport" in await rows("delårsrapp")
    assert "Kvarnbacken" in await rows("Kvarnbacken 2:7")
    assert "Inga träffar" in await rows("zzzzz")
    new = await rows("KS 2021/0456")
    assert "data-document=\"3\"" in new
    new_only = await (await registrar.get("/api/search", params={"q": "KS 2021/0456",
                                                                  "mode": "new"})).text()
    assert "data-document=\"3\"" not in new_only


async def test_actions_go_on_to_the_next_item_or_say_why_not(registry, registrar):
    first, second = _item(registry), _item(registry)
    form = {"csrf": registrar.csrf, "q": "confidence=high"}
    resp = await registrar.post(f"/items/{first}/confirm", data=form, allow_redirects=False)
    assert without_notice(resp.headers["Location"]) == f"/items/{second}?confidence=high"
    resp = await registrar.post(f"/items/{first}/reject", data={**form, "reason": "x"})
    assert resp.status == 409 and "är redan bekräftad" in await resp.text()
    resp = await registrar.post(f"/items/{second}/assign", data={**form, "case": "2"},
                                allow_redirects=False)
    assert without_notice(resp.headers["Location"]) == "/?confidence=high"
    resp = await registrar.post("/undo", data=form, allow_redirects=False)
    assert without_notice(resp.headers["Location"]) == f"/items/{second}?confidence=high"


async def test_english_is_one_click_away(registrar):
    resp = await registrar.post("/lang", data={"csrf": registrar.csrf, "lang": "en",
                                                "next": "/"})
    text = await resp.text()
    assert "The registrar&#39;s queue" in text and "Log out" in text

"""The split stage in the pipeline: a batch with cover sheets, blank pages and a PATCH-T sheet
becomes queued parts with certain matches; `items --json` tells every page's fate."""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.models import Item
from bot.output import items_json
from bot.worker import run_until_idle
from tests.bot.split.helpers import blank, cover, join, letter, patch_t, scanned
from tests.conftest import make_pdf


def batch() -> bytes:
    return join([cover("KS 2021/0456-3"), letter("KS 2021/0456", "Beslut om detaljplan", 2),
                 blank(), cover("BN 2021/0456-1"), letter("BN 2021/0456", "Ansökan", 1),
                 patch_t(), letter("KS 2020/0102", "Delårsrapport", 3)])


def _run(ctx, tmp_path, name: str, data: bytes) -> list[dict]:
    (tmp_path / name).write_bytes(data)
    ingest_paths(ctx, [tmp_path / name], "skrivare")
    run_until_idle(ctx)
    with session_scope(ctx.engine) as session:
        return items_json(session)


def _check_batch(items: list[dict]) -> None:
    parent, *parts = items
    assert parent["state"] == "split" and parent["pages"] is None
    assert [(p["parent_id"], p["pages"], p["state"], p["role"]) for p in parts] == [
        (parent["id"], [2, 3], "queued", "document"), (parent["id"], [6, 6], "queued", "document"),
        (parent["id"], [8, 10], "queued", "document")]
    assert parent["set_aside"] == [
        {"page": 1, "reason": "försättsblad / cover sheet"},
        {"page": 4, "reason": "tom sida / blank page"},
        {"page": 5, "reason": "försättsblad / cover sheet"},
        {"page": 7, "reason": "PATCH-T-blad / PATCH-T sheet"}]
    best = [p["proposals"][0] for p in parts]
    assert [(b["case_number"], b["doc_number"]) for b in best] == [
        ("KS 2021/0456", 3), ("BN 2021/0456", 1), ("KS 2020/0102", 1)]
    assert [b["confidence"] for b in best[:2]] == ["high", "high"]
    assert all("försättsblad / cover sheet" in b["reasons"] for b in best[:2])


def test_a_text_batch_is_cut_at_its_separators(registry, tmp_path):
    _check_batch(_run(registry, tmp_path, "batch.pdf", batch()))


@pytest.mark.slow
def test_a_scanned_batch_is_cut_at_its_separators(registry, tmp_path):
    _check_batch(_run(registry, tmp_path, "batch.tif", scanned(batch(), dpi=150)))


def test_parts_read_only_their_pages_and_share_the_original(registry, tmp_path):
    items = _run(registry, tmp_path, "batch.pdf", batch())
    with session_scope(registry.engine) as session:
        part = session.get(Item, items[1]["id"])
        parent = session.get(Item, items[0]["id"])
        assert part.sha256 == parent.sha256 and part.meta["split_of"] == parent.id
    assert items[1]["filename"] == "batch (s. 2-3).pdf"


def test_one_document_is_not_cut_and_keeps_one_item(registry, tmp_path):
    items = _run(registry, tmp_path, "brev.pdf", letter("KS 2021/0456", "Beslut", 3))
    assert [(i["state"], i["set_aside"], i["parent_id"]) for i in items] == [("queued", [], None)]


def test_items_json_shows_parts_and_set_aside_pages(registry, tmp_path, capsys):
    _run(registry, tmp_path, "batch.pdf", batch())
    capsys.readouterr()
    assert main(["--home", str(registry.settings.home), "items", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    accounted = sorted([a["page"] for a in items[0]["set_aside"]] + [
        n for i in items[1:] for n in range(i["pages"][0], i["pages"][1] + 1)])
    assert accounted == list(range(1, 11))


def test_the_setting_turns_the_automatic_split_off(registry, tmp_path):
    registry.settings.split_auto = False
    items = _run(registry, tmp_path, "batch.pdf", batch())
    assert [i["state"] for i in items] == ["queued"]


AGENDA = ["Exempelby kommun", "KALLELSE", "Kommunstyrelsen kallas till sammanträde",
          "Tid: 2021-03-15 kl. 13.00", "Föredragningslista", "1. Val av justerare",
          "2. Detaljplan, Dnr KS 2021/0456", "3. Bygglov, Dnr BN 2021/0456",
          "4. Delårsrapport, Dnr KS 2020/0102"]


def test_a_meeting_pack_is_cut_into_its_notice_and_documents(registry, tmp_path):
    pack = join([make_pdf(AGENDA), letter("KS 2021/0456", "Beslut om detaljplan", 2), blank(),
                 letter("BN 2021/0456", "Ansökan", 1), letter("KS 2020/0102", "Delårsrapport", 3)])
    parent, *parts = _run(registry, tmp_path, "kallelse.pdf", pack)
    assert parent["state"] == "split"
    assert [(p["pages"], p["role"]) for p in parts] == [
        ([1, 1], "document"), ([2, 3], "document"), ([5, 5], "document"), ([6, 8], "document")]
    assert parent["set_aside"] == [{"page": 4, "reason": "tom sida / blank page"}]
    best = [p["proposals"][0]["case_number"] for p in parts[1:]]
    assert best == ["KS 2021/0456", "BN 2021/0456", "KS 2020/0102"]


def test_a_meeting_pack_is_left_whole_when_the_setting_is_off(registry, tmp_path):
    registry.settings.split_auto = False
    pack = join([make_pdf(AGENDA), letter("KS 2021/0456", "Beslut", 2)])
    assert [i["state"] for i in _run(registry, tmp_path, "kallelse.pdf", pack)] == ["queued"]


def test_a_meeting_pack_numbering_its_items_with_paragraph_signs_is_no_protocol(registry,
                                                                                tmp_path):
    agenda = [*AGENDA[:4], "Ordförande: Eva Sten", "Föredragningslista",
              "§ 1 Val av justerare", "§ 2 Detaljplan, Dnr KS 2021/0456",
              "§ 3 Bygglov, Dnr BN 2021/0456", "§ 4 Delårsrapport, Dnr KS 2020/0102"]
    pack = join([make_pdf(agenda), letter("KS 2021/0456", "Beslut om detaljplan", 2),
                 letter("BN 2021/0456", "Ansökan", 1), letter("KS 2020/0102", "Delårsrapport", 3)])
    parent, *parts = _run(registry, tmp_path, "kallelse.pdf", pack)
    assert parent["state"] == "split"
    assert [(p["pages"], p["role"]) for p in parts] == [
        ([1, 1], "document"), ([2, 3], "document"), ([4, 4], "document"), ([5, 7], "document")]

"""Previews rendered while an item is processed: the first pages are in the cache when it is
queued and are served without rendering; a preview that cannot be made never fails the item;
hostile sizes are rendered small or not at all, never a 500."""

from __future__ import annotations

import struct
import time
import zlib
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from sqlmodel import select

from bot import preview_worker, previews
from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.models import Item
from bot.preview_worker import MAX_SIDE, SCALE
from bot.previews import FIRST_PAGES, cache_path
from bot.states import QUEUED
from bot.worker import run_until_idle

LINES = ["Yttrande", "Dnr KS 2021/0456-2", "Länsstyrelsen i Västra Götalands län"]


def _pdf(pages: int, size: tuple[float, float] | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=size or "A4")
    pdf.set_font("Helvetica", size=12)
    for number in range(1, pages + 1):
        pdf.add_page()
        for line in LINES:
            pdf.cell(0, 14, f"{line} (sida {number})", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _process(ctx, tmp_path: Path, name: str, data: bytes) -> Item:
    path = tmp_path / name
    path.write_bytes(data)
    ingest_paths(ctx, [path], "anna.berg@exempelby.se")
    run_until_idle(ctx)
    with session_scope(ctx.engine) as session:
        item = session.exec(select(Item).where(Item.filename == name)).one()
        session.expunge(item)
    return item


def _no_rendering(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("rendered on request")

    monkeypatch.setattr(previews, "_render", refuse)


async def test_the_first_pages_are_rendered_when_processed_and_served_as_they_are(
        registry, registrar, tmp_path, monkeypatch):
    item = _process(registry, tmp_path, "yttrande.pdf", _pdf(3))
    assert item.state == QUEUED
    cached = [cache_path(registry, item.sha256, n).exists() for n in (1, 2, 3)]
    assert cached == [True] * FIRST_PAGES + [False] * (3 - FIRST_PAGES)
    _no_rendering(monkeypatch)
    for number in range(1, FIRST_PAGES + 1):
        resp = await registrar.get(f"/items/{item.id}/pages/{number}.png")
        assert resp.status == 200
        assert await resp.read() == cache_path(registry, item.sha256, number).read_bytes()
    page = await (await registrar.get(f"/items/{item.id}")).text()
    assert f"/items/{item.id}/pages/1.png" in page


def test_a_preview_that_fails_leaves_the_item_queued(registry, tmp_path, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise MemoryError("no room")

    monkeypatch.setattr(previews, "_render", broken)
    item = _process(registry, tmp_path, "yttrande.pdf", _pdf(1))
    assert item.state == QUEUED
    assert not cache_path(registry, item.sha256, 1).exists()
    assert "previews not rendered (MemoryError)" in caplog.text
    assert "Länsstyrelsen" not in caplog.text


def test_a_huge_page_is_rendered_small(registry, tmp_path):
    item = _process(registry, tmp_path, "karta.pdf", _pdf(1, size=(14400, 14400)))
    start = time.monotonic()
    path = previews.preview(registry, item, 1)
    assert time.monotonic() - start < 10
    with Image.open(path) as image:
        assert max(image.size) <= MAX_SIDE


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares a huge size in a few bytes (its pixels are never there)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def test_an_image_over_the_bound_is_not_decoded():
    # decoding would raise OSError (the pixels are not there) after taking 90 MB
    assert preview_worker._image(_png_header(9_500, 9_500), 1) == b""


async def test_an_image_pil_calls_a_bomb_answers_404(registry, registrar):
    from tests.web.conftest import queue_item

    item_id = queue_item(registry, "bomb.png", [["x"]], [])
    with session_scope(registry.engine) as session:
        item = session.get(Item, item_id)
        assert item is not None
        item.sha256 = registry.blobs.put(_png_header(50_000, 50_000))
        item.media_type = "image/png"
        session.add(item)
    resp = await registrar.get(f"/items/{item_id}/pages/1.png")
    assert resp.status == 404


def test_pdfium_renders_a_preview_of_a_normal_page_at_full_scale(registry, tmp_path):
    item = _process(registry, tmp_path, "yttrande.pdf", _pdf(1))
    with Image.open(cache_path(registry, item.sha256, 1)) as image:
        width = pypdfium2.PdfDocument(_pdf(1))[0].get_size()[0]
        assert image.size[0] == round(width * SCALE)


@pytest.mark.parametrize("bound", [("MEMORY_BYTES", 16 << 20), ("TIMEOUT_SECONDS", 0.001)])
async def test_a_render_over_its_bound_is_killed_and_answers_404(registry, registrar, tmp_path,
                                                                 monkeypatch, bound):
    monkeypatch.setattr("bot.stages.queue.prerender", lambda ctx, item: 0)  # left to the view
    item = _process(registry, tmp_path, "yttrande.pdf", _pdf(1))
    monkeypatch.setattr(previews, *bound)
    assert (await registrar.get(f"/items/{item.id}/pages/1.png")).status == 404
    assert not cache_path(registry, item.sha256, 1).exists()
    monkeypatch.undo()
    assert (await registrar.get(f"/items/{item.id}/pages/1.png")).status == 200


def test_the_previews_command_renders_what_the_queue_lacks(registry, tmp_path, monkeypatch,
                                                           capsys):
    from bot.cli import main

    monkeypatch.setattr("bot.stages.queue.prerender", lambda ctx, item: 0)  # processed before
    item = _process(registry, tmp_path, "yttrande.pdf", _pdf(3))
    assert not cache_path(registry, item.sha256, 1).exists()
    assert main(["--home", str(registry.settings.home), "previews"]) == 0
    assert "1 poster har förhandsvisningar, 0 utan" in capsys.readouterr().out
    cached = [cache_path(registry, item.sha256, n).exists() for n in (1, 2, 3)]
    assert cached == [True, True, False]
    _no_rendering(monkeypatch)  # a second run finds them all there
    assert main(["--home", str(registry.settings.home), "previews"]) == 0

"""Office files, RTF and HTML through LibreOffice headless: text and a PDF rendition for the
preview, the original untouched; the child bounded, isolated and kept off the network."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pypdfium2
import pytest
from sqlmodel import select

from bot import bounded, office
from bot.blobs import sha256_hex
from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.models import Item, Page
from bot.output import items_json
from bot.previews import preview
from bot.sniff import sniff
from bot.states import FAILED, QUEUED, SKIPPED
from bot.worker import run_until_idle

pytestmark = pytest.mark.skipif(not office.available(), reason="LibreOffice not installed")

RTF = (rb"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Times New Roman;}}\f0 "
       rb"Yttrande \'f6ver detaljplan\par Dnr KS 2021/0456\par L\'e4nsstyrelsen\par}")
HTML = ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
        "<h1>Yttrande över detaljplan</h1><p>Dnr KS 2021/0456</p></body></html>").encode()
CSV = "Ärende;Belopp\nKS 2021/0456;1200\n".encode()
FODP = ('<?xml version="1.0" encoding="UTF-8"?><office:document '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
        'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.presentation">'
        '<office:body><office:presentation><draw:page draw:name="s1"><draw:frame svg:x="2cm" '
        'svg:y="2cm" svg:width="20cm" svg:height="3cm"><draw:text-box><text:p>Samråd, '
        'Dnr KS 2021/0456</text:p></draw:text-box></draw:frame></draw:page></office:presentation>'
        "</office:body></office:document>").encode()


def _convert(tmp_path: Path, name: str, data: bytes, target: str) -> bytes:
    """A sample of another Office format, written by LibreOffice itself from `data`."""
    source = tmp_path / name
    source.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", target, "--outdir", str(tmp_path / "out"), str(source)],
                   capture_output=True, timeout=120, check=True)
    return (tmp_path / "out" / f"{source.stem}.{target.split(':')[0]}").read_bytes()


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("office")
    return {"rtf": RTF, "html": HTML,
            "doc": _convert(folder, "brev.rtf", RTF, "doc"),
            "odt": _convert(folder, "brev2.rtf", RTF, "odt"),
            "xls": _convert(folder, "tabell.csv", CSV, "xls"),
            "xlsx": _convert(folder, "tabell2.csv", CSV, "xlsx"),
            "ppt": _convert(folder, "bilder.fodp", FODP, "ppt"),
            "pptx": _convert(folder, "bilder2.fodp", FODP, "pptx")}


def _text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@pytest.mark.parametrize("kind", ["doc", "odt", "xls", "xlsx", "ppt", "pptx", "rtf", "html"])
def test_each_format_is_sniffed_and_converted_to_a_pdf_with_its_text(samples, kind):
    media_type = sniff(samples[kind], f"x.{kind}")
    assert office.convertible(media_type), media_type
    text = _text(office.to_pdf(samples[kind], media_type))
    assert "KS 2021/0456" in text
    if kind in ("doc", "odt", "rtf", "html"):
        assert "Yttrande över detaljplan" in text


def _process(ctx, tmp_path: Path, name: str, data: bytes) -> tuple[Item, list[Page]]:
    path = tmp_path / name
    path.write_bytes(data)
    ingest_paths(ctx, [path], "anna.berg@exempelby.se")
    run_until_idle(ctx)
    with session_scope(ctx.engine) as session:
        item = session.exec(select(Item).where(Item.filename == name)).one()
        pages = list(session.exec(select(Page).where(Page.item_id == item.id)).all())
        session.expunge_all()
    return item, pages


def test_a_doc_is_read_matched_and_previewed_through_its_rendition(registry, samples, tmp_path):
    item, pages = _process(registry, tmp_path, "yttrande.doc", samples["doc"])
    assert item.state == QUEUED, item.state_reason
    assert "KS 2021/0456" in pages[0].text
    original = registry.blobs.get(item.sha256)
    assert original == samples["doc"] and item.sha256 == sha256_hex(samples["doc"])
    rendition = item.meta["rendition"]
    assert rendition["media_type"] == "application/pdf" and rendition["made_by"] == "LibreOffice"
    assert registry.blobs.get(rendition["sha256"]).startswith(b"%PDF")
    assert preview(registry, item, 1).read_bytes().startswith(b"\x89PNG")
    with session_scope(registry.engine) as session:
        listed = next(i for i in items_json(session) if i["id"] == item.id)
    assert listed["sha256"] == item.sha256 and listed["rendition"] == rendition


def test_an_empty_file_is_skipped_as_empty(registry, tmp_path):
    item, _ = _process(registry, tmp_path, "tom.doc", b"")
    assert item.state == SKIPPED and "tom fil" in item.state_reason
    assert "empty" in item.state_reason


def test_without_libreoffice_a_doc_says_so_and_html_is_still_read(
        registry, samples, tmp_path, monkeypatch):
    monkeypatch.setattr(office, "SOFFICE", "no-such-soffice")
    doc, _ = _process(registry, tmp_path, "yttrande.doc", samples["doc"])
    assert doc.state == FAILED and "LibreOffice" in doc.state_reason
    page, pages = _process(registry, tmp_path, "sida.html", HTML)
    assert page.state == QUEUED and "KS 2021/0456" in pages[0].text
    assert "rendition" not in page.meta


def test_a_conversion_that_takes_too_long_is_killed_with_its_children(samples, monkeypatch):
    started: list[list[str]] = []
    real_run = bounded.run

    def run(command, *args, **kwargs):
        started.append(list(command))
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(bounded, "run", run)
    monkeypatch.setattr(office, "TIMEOUT_SECONDS", 0.5)
    with pytest.raises(office.OfficeError, match="stopped after"):
        office.to_pdf(samples["doc"], sniff(samples["doc"]))
    profile = next(arg for arg in started[0] if arg.startswith("-env:UserInstallation="))
    assert not _running(profile.split("=", 1)[1].encode()), "LibreOffice outlived its timeout"


def _running(mark: bytes) -> list[Path]:
    """The processes whose command line holds `mark`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if mark in cmdline.read_bytes():
                found.append(cmdline)
        except OSError:  # gone meanwhile
            continue
    return found


class _Spy(http.server.BaseHTTPRequestHandler):
    asked: list[str] = []  # noqa: RUF012 (the handler's class is its only instance store)

    def do_GET(self) -> None:
        self.asked.append(self.path)
        self.send_error(404)

    do_OPTIONS = do_HEAD = do_GET

    def log_message(self, *args: object) -> None:
        pass


def test_linked_images_and_styles_are_never_fetched():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Spy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    page = (f"<html><body><p>Dnr KS 2021/0456</p><img src='{url}/spion.png'>"
            f"<link rel='stylesheet' href='{url}/s.css'></body></html>").encode()
    try:
        assert "KS 2021/0456" in _text(office.to_pdf(page, "text/html"))
    finally:
        server.shutdown()
    assert _Spy.asked == []


def test_two_conversions_at_once_each_have_their_own_profile(samples):
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(office.to_pdf(RTF, sniff(RTF))))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2 and all("KS 2021/0456" in _text(pdf) for pdf in results)



def test_a_short_rendition_is_read_from_its_text_layer_without_ocr(registry, tmp_path):
    item, pages = _process(registry, tmp_path, "kort.rtf", rb"{\rtf1\ansi Dnr KS 2021/0456\par}")
    assert item.state == QUEUED, item.state_reason
    assert [(page.method, page.text.strip()) for page in pages] == [
        ("textlayer", "Dnr KS 2021/0456")]
    converting = pages[0].steps["rendition_seconds"]  # counted in the submission's budget
    assert 0 < converting <= pages[0].seconds


def test_the_ocr_command_reads_an_office_file_through_its_rendition(tmp_path):
    path = tmp_path / "brev.rtf"
    path.write_bytes(RTF)
    done = subprocess.run([sys.executable, "-m", "bot", "--home", str(tmp_path / "home"), "ocr",
                           str(path), "--json"], capture_output=True, text=True, timeout=180,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    assert done.returncode == 0, done.stderr
    (page,) = json.loads(done.stdout)["pages"]
    assert "Dnr KS 2021/0456" in page["text"] and page["method"] == "textlayer"


def test_a_killed_conversions_folder_is_removed_by_the_next_conversion(tmp_path, monkeypatch):
    import os
    import tempfile

    from bot import office

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stale, fresh = tmp_path / "diariebot-office-dead", tmp_path / "diariebot-office-busy"
    for folder in (stale, fresh):
        folder.mkdir()
        (folder / "original.docx").write_bytes(b"someone's letter")
    old = stale.stat().st_mtime - 3 * office.TIMEOUT_SECONDS
    os.utime(stale, (old, old))
    office._sweep()
    assert not stale.exists() and fresh.exists()

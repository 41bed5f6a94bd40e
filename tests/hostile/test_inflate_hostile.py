"""Real decompressed-size accounting, through the real pipeline: a .docx whose body inflates to
300 MB from under 1 MB, its headers declaring 1 kB, is measured by what it really holds and
refused before LibreOffice or python-docx reads it (a 554 kB .docx took `process` to 7.5 GB)."""

from __future__ import annotations

from sqlmodel import select

from bench.hostile_files import docx_bomb, zipped
from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.models import Item
from bot.unpack import Limits
from bot.unpack.inflate import check_zip
from bot.worker import run_until_idle
from tests.hostile.conftest import open_home


def test_a_docx_bomb_with_lying_headers_fails_as_a_bomb(home):
    ctx = open_home(home)
    path = home.parent / "yttrande.docx"
    path.write_bytes(docx_bomb(300, lie=True))
    ingest_paths(ctx, [path], "anna.berg@exempelby.se")
    run_until_idle(ctx)
    with session_scope(ctx.engine) as session:
        [item] = session.exec(select(Item))
        assert item.state == "failed"
        assert item.state_reason == "misstänkt zip-bomb (packningsgrad över 200) / suspected zip bomb"


def test_inflated_bytes_are_counted_not_declared():
    honest = zipped([("a.txt", b"a" * 100_000), ("b.txt", b"b" * 50_000)])
    assert check_zip(honest, Limits()) == 150_000
    assert check_zip(docx_bomb(1, lie=True), Limits()) > 1_000_000  # declares 1 kB


def _members(count: int, compression: int) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        for n in range(count):
            archive.writestr(f"m/{n}", b"x")
    return out.getvalue()


def test_a_document_of_too_many_members_is_refused_before_inflating_them():
    import zipfile

    import pytest

    from bot.unpack.limits import UnpackError

    with pytest.raises(UnpackError, match="too many parts"):
        check_zip(_members(10_000, zipfile.ZIP_STORED), Limits())
    # bzip2 members are read through the one open archive (it was reopened per member:
    # quadratic, 42 s for 4,000); their bytes are still counted
    assert check_zip(_members(500, zipfile.ZIP_BZIP2), Limits()) == 500 + len(b"<w:document/>")

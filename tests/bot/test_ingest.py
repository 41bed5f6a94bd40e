"""Ingest: files and folders become submissions; the same bytes twice create nothing new."""

from sqlmodel import select

from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.models import Item, Submission
from tests.conftest import make_pdf


def test_folder_is_ingested_recursively_and_sniffed_by_content(ctx, tmp_path):
    folder = tmp_path / "in" / "sub"
    folder.mkdir(parents=True)
    (folder / "brev.txt").write_bytes(make_pdf(["Dnr KS 2021/0456"]))  # a PDF, misnamed
    (tmp_path / "in" / "note.txt").write_text("Hej, här är kopian.", encoding="utf-8")
    results = ingest_paths(ctx, [tmp_path / "in"], "anna.berg@example.se")
    assert [r.created for r in results] == [True, True]
    with session_scope(ctx.engine) as session:
        types = {i.filename: i.media_type for i in session.exec(select(Item))}
    assert types == {"brev.txt": "application/pdf", "note.txt": "text/plain"}


def test_same_bytes_twice_create_nothing_new_and_say_so(ctx, tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "kopia av a.pdf"
    a.write_bytes(make_pdf(["KS 2021/0456"]))
    b.write_bytes(a.read_bytes())
    first = ingest_paths(ctx, [a], "anna.berg@example.se")
    again = ingest_paths(ctx, [a, b], "per.ek@example.se")
    assert first[0].created
    assert [r.created for r in again] == [False, False]
    assert "redan mottagen" in again[0].message
    assert again[0].item_id == first[0].item_id
    with session_scope(ctx.engine) as session:
        assert len(session.exec(select(Submission)).all()) == 1
        assert len(session.exec(select(Item)).all()) == 1


def test_original_bytes_are_kept_unchanged(ctx, tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(make_pdf(["original"]))
    result = ingest_paths(ctx, [path], None)[0]
    with session_scope(ctx.engine) as session:
        item = session.get(Item, result.item_id)
    assert ctx.blobs.get(item.sha256) == path.read_bytes()

"""Ingest: files and folders become submissions; the same bytes twice create nothing new."""

from sqlmodel import select

from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.intake import receive
from bot.models import Item, Submission
from bot.worker import run_until_idle
from connectors.base import Message
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


def test_the_same_file_from_the_same_person_again_creates_nothing_and_says_so(ctx, tmp_path):
    a = tmp_path / "a.pdf"
    a.write_bytes(make_pdf(["KS 2021/0456"]))
    first = ingest_paths(ctx, [a], "anna.berg@example.se")
    again = ingest_paths(ctx, [a], "anna.berg@example.se")
    assert first[0].created and not again[0].created
    assert "redan mottagen" in again[0].message
    assert again[0].item_id == first[0].item_id
    with session_scope(ctx.engine) as session:
        assert len(session.exec(select(Submission)).all()) == 1


def test_a_copy_under_another_name_or_from_another_person_is_an_item_linked_as_duplicate(
        ctx, tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "kopia av a.pdf"
    a.write_bytes(make_pdf(["KS 2021/0456"]))
    b.write_bytes(a.read_bytes())
    first = ingest_paths(ctx, [a], "anna.berg@example.se")
    copies = ingest_paths(ctx, [a, b], "per.ek@example.se") + ingest_paths(
        ctx, [b], "anna.berg@example.se")
    assert first[0].created and [r.created for r in copies] == [True, True, True]
    run_until_idle(ctx)
    with session_scope(ctx.engine) as session:
        items = {i.id: i for i in session.exec(select(Item))}
        subs = {s.id: s for s in session.exec(select(Submission))}
        original = items[first[0].item_id]
        assert original.state == "queued"
        for result in copies:
            copy = items[result.item_id]
            assert (copy.state, copy.duplicate_of) == ("duplicate", original.id)
        held_by = {(subs[i.submission_id].submitter, i.filename) for i in items.values()}
    assert held_by == {("anna.berg@example.se", "a.pdf"), ("per.ek@example.se", "a.pdf"),
                       ("per.ek@example.se", "kopia av a.pdf"),
                       ("anna.berg@example.se", "kopia av a.pdf")}


def test_original_bytes_are_kept_unchanged(ctx, tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(make_pdf(["original"]))
    result = ingest_paths(ctx, [path], None)[0]
    with session_scope(ctx.engine) as session:
        item = session.get(Item, result.item_id)
    assert ctx.blobs.get(item.sha256) == path.read_bytes()


def test_a_connector_copy_from_another_sender_is_kept_the_same_message_again_is_not(ctx):
    data = make_pdf(["Dnr KS 2021/0456"])
    first = receive(ctx, "skanner", Message("scan-1", data, "skan.pdf", "anna@example.se"))
    moved = receive(ctx, "skanner", Message("scan-1b", data, "skan.pdf", "anna@example.se"))
    other = receive(ctx, "skanner", Message("scan-2", data, "skan.pdf", "per@example.se"))
    assert first.created and not moved.created and other.created
    assert moved.item_id == first.item_id != other.item_id
    run_until_idle(ctx)
    with session_scope(ctx.engine) as session:
        copy = session.get(Item, other.item_id)
        assert (copy.state, copy.duplicate_of) == ("duplicate", first.item_id)

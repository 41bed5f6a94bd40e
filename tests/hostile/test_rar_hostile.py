"""RAR through the real pipeline, under the limits every container has: parts, bytes (declared
and real), nesting. libarchive cannot write RAR, so the archives are written by tests/rar4.py
(RAR 4.x, stored members); the shared corpus's two real WinRAR archives (RAR 4 and RAR 5,
compressed) are read too when the corpus is present."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bench.hostile_files import LETTER
from bot.db import session_scope
from bot.decisions import proposals
from bot.models import Case
from bot.sniff import RAR
from tests.hostile.conftest import make_home, open_home, run_file
from tests.rar4 import rar4

NESTED = (Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "badinput"
          / "archives" / "TestDataArchivesNested.zip")


def _letters(count: int) -> list[tuple[str, bytes]]:
    return [(f"brev-{n}.txt", f"{LETTER}Bilaga {n}\n".encode()) for n in range(count)]


def test_a_good_rars_members_are_read_and_matched(home):
    top, *members = run_file(home, "brev.rar", rar4(_letters(2)))
    assert (top.media_type, top.state) == (RAR, "skipped")
    assert top.meta["member_paths"] == ["brev-0.txt", "brev-1.txt"]
    assert [(m.filename, m.state) for m in members] == [("brev-0.txt", "queued"),
                                                         ("brev-1.txt", "queued")]
    with session_scope(open_home(home).engine) as session:
        best = proposals(session, members[0].id or 0)[0]
        case = session.get(Case, best.case_id)
        assert case is not None and case.case_number == "KS 2021/0456"


def test_a_rar_with_too_many_members_is_refused_by_the_count(home):
    [top] = run_file(home, "manga.rar", rar4(_letters(6)), settings="submission_max_parts = 5\n")
    assert top.state == "failed"
    assert "too many parts (over 5 in all)" in (top.state_reason or "")


def test_a_rar_whose_member_declares_a_huge_size_is_refused_before_reading(home):
    bomb = rar4([("noll.bin", b"0" * 100)], declared={"noll.bin": 1 << 40})  # 1 TB declared
    [top] = run_file(home, "bomb.rar", bomb)
    assert top.state == "failed"
    assert top.state_reason == ("för mycket uppackad data (över 500000000 byte) / "
                                "too much unpacked data")


def test_a_rar_whose_real_content_exceeds_the_bytes_left_is_refused(home):
    big = rar4([("stor.txt", LETTER.encode() * 3000)])  # 135 kB, stored: no bomb by ratio
    [top] = run_file(home, "stor.rar", big, settings="submission_max_bytes = 100000\n")
    assert top.state == "failed"
    assert "too much unpacked data (over 100000 bytes in all)" in (top.state_reason or "")


def test_a_rar_nested_in_rars_past_the_depth_limit_fails_nesting_too_deep(home):
    data = rar4([("innerst.txt", LETTER.encode())])
    for level in range(4):
        data = rar4([(f"niva-{level}.rar", data)])
    items = run_file(home, "djup.rar", data, settings="max_depth = 2\n")
    assert [i.media_type for i in items] == [RAR, RAR, RAR, RAR]  # depths 0, 1, 2 and 3
    assert [i.state for i in items] == ["skipped", "skipped", "skipped", "failed"]
    assert items[-1].state_reason == "för djup nästling / nesting too deep"


def _corpus_rar(name: str) -> bytes:
    if not NESTED.is_file():
        pytest.skip("corpus not available")
    with zipfile.ZipFile(NESTED) as archive:
        return archive.read(f"TestDataArchives/{name}")


@pytest.mark.parametrize(("name", "signature"), [("TestData.rar4", b"Rar!\x1a\x07\x00"),
                                                 ("TestData.rar", b"Rar!\x1a\x07\x01\x00")])
def test_the_corpus_rars_4_and_5_are_read_and_bounded(home, tmp_path, name, signature):
    data = _corpus_rar(name)
    assert data.startswith(signature)
    top, *members = run_file(home, name, data)
    assert (top.media_type, top.state) == (RAR, "skipped"), top.state_reason
    assert [m.filename for m in members] == ["Lorem.txt"] * 3  # the folders give no item
    assert [m.state for m in members] == ["queued", "duplicate", "duplicate"]
    [refused] = run_file(make_home(tmp_path / "small"), name, data,
                         settings="submission_max_bytes = 10000\n")  # 3 x 4148 bytes
    assert refused.state == "failed"
    assert "too much unpacked data (over 10000 bytes in all)" in (refused.state_reason or "")

"""7z, rar, tar and tar.gz/.bz2/.xz through libarchive, under the limits of a zip."""

from __future__ import annotations

import contextlib
import gzip
import time
from pathlib import Path

import libarchive
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import bounded
from bot.sniff import BZIP2, GZIP, RAR, SEVEN_ZIP, TAR, XZ, sniff
from bot.unpack import Limits, UnpackError, is_container, packed, unpack

BOMB_BYTES = 3_000_000  # above the ratio floor (1 MB), a few hundred bytes packed
FORMATS = [("7zip", None, SEVEN_ZIP), ("ustar", None, TAR), ("ustar", "gzip", GZIP),
           ("ustar", "bzip2", BZIP2), ("ustar", "xz", XZ)]
PACKING = [pytest.param(f, c, t, id=f"{f}-{c}") for f, c, t in FORMATS]
COMPRESSED = [p for p in PACKING if p.values[0] == "7zip" or p.values[1]]


def make(files: list[tuple[str, bytes]], format_name: str, compression: str | None,
         links: tuple[tuple[str, str], ...] = ()) -> bytes:
    out = bytearray()

    def write(block: bytes) -> int:
        out.extend(block)
        return len(block)

    with libarchive.custom_writer(write, format_name, filter_name=compression) as archive:
        for name, content in files:
            archive.add_file_from_memory(name, len(content), content)
        for name, target in links:
            archive.add_file_from_memory(name, 0, b"", filetype=0o120000, linkpath=target)
    return bytes(out)


LETTER = "Beslut i ärende KS 2021/0456\nÖverklagande får göras.\n".encode()


@pytest.mark.parametrize(("format_name", "compression", "media_type"), PACKING)
def test_each_container_is_sniffed_and_its_files_become_children(
        format_name, compression, media_type):
    data = make([("brev/beslut.txt", LETTER), ("tom.pdf", b"%PDF-1.4\n%%EOF\n")],
                format_name, compression)
    assert sniff(data, "x") == media_type and is_container(media_type)
    result = unpack(data, media_type, "x")
    assert result.kind == "archive"
    assert [(p.filename, p.data) for p in result.children] == [
        ("beslut.txt", LETTER), ("tom.pdf", b"%PDF-1.4\n%%EOF\n")]
    assert result.meta["member_paths"] == ["brev/beslut.txt", "tom.pdf"]


@pytest.mark.parametrize(("format_name", "compression", "media_type"), COMPRESSED)
def test_a_bomb_of_each_compressed_container_is_refused_by_its_ratio(
        format_name, compression, media_type):
    bomb = make([("nollor.bin", bytes(BOMB_BYTES))], format_name, compression)
    assert len(bomb) * 200 < BOMB_BYTES
    with pytest.raises(UnpackError, match="bomb"):
        unpack(bomb, media_type, "x")


@pytest.mark.parametrize(("format_name", "compression", "media_type"), PACKING)
def test_too_much_data_and_too_many_files_are_refused_like_a_zip(
        format_name, compression, media_type):
    big = make([("a.txt", b"x" * 5000), ("b.txt", b"y" * 5000)], format_name, compression)
    with pytest.raises(UnpackError, match="too much unpacked data"):
        unpack(big, media_type, "x", limits=Limits(max_total_bytes=6000))
    many = make([(f"{n}.txt", b"z") for n in range(5)], format_name, compression)
    with pytest.raises(UnpackError, match="too many parts"):
        unpack(many, media_type, "x", limits=Limits(max_children=4))


def test_nesting_deeper_than_the_limit_is_refused():
    data = make([("a.txt", LETTER)], "7zip", None)
    with pytest.raises(UnpackError, match="too deep"):
        unpack(data, SEVEN_ZIP, "x", depth=6, limits=Limits(max_depth=5))


def test_climbing_paths_keep_their_base_name_and_links_are_not_followed():
    data = make([("../../etc/cron.d/x.txt", LETTER), ("/abs/y.txt", b"y")], "ustar", "gzip",
                links=(("passwd.txt", "/etc/passwd"),))
    result = unpack(data, GZIP, "x")
    assert [p.filename for p in result.children] == ["x.txt", "y.txt"]
    assert all(".." not in path for path in result.meta["member_paths"])
    assert result.warnings == ["bilaga 3 är bara en länk / attachment 3 is only a link"]


def test_a_gzip_of_one_file_gives_that_file_and_a_gzip_bomb_is_refused():
    result = unpack(gzip.compress(LETTER), GZIP, "beslut.txt.gz")
    assert [(p.filename, p.data) for p in result.children] == [("beslut.txt", LETTER)]
    with pytest.raises(UnpackError, match="bomb"):
        unpack(gzip.compress(bytes(BOMB_BYTES)), GZIP, "x.gz")


@pytest.mark.parametrize("media_type", [SEVEN_ZIP, RAR, TAR, GZIP, XZ])
def test_damaged_or_cut_off_archives_give_parts_or_an_unpack_error(media_type):
    data = make([("a.txt", LETTER * 50), ("b.txt", LETTER)], "7zip", None)
    heads = {RAR: b"Rar!\x1a\x07\x00" + bytes(40), SEVEN_ZIP: data[: len(data) // 2],
             TAR: make([("a.txt", LETTER * 50)], "ustar", None)[:700],
             GZIP: gzip.compress(LETTER)[:15], XZ: b"\xfd7zXZ\x00" + bytes(30)}
    try:
        result = unpack(heads[media_type], media_type, "x")
    except UnpackError as error:
        assert "/" in str(error)  # Swedish / English
    else:
        assert result.kind == "archive"


def test_a_reader_that_takes_too_long_is_killed_and_says_so(monkeypatch):
    monkeypatch.setattr(packed, "TIMEOUT_SECONDS", 0.001)
    started = time.monotonic()
    with pytest.raises(UnpackError, match="stopped after"):
        unpack(make([("a.txt", LETTER)], "7zip", None), SEVEN_ZIP, "x")
    assert time.monotonic() - started < 5


def test_the_bounded_child_stops_at_its_memory_limit_and_its_time():
    grab = ["python3", "-c", "b = bytearray(300 << 20)"]
    assert bounded.run(grab, b"", memory=100 << 20, timeout=30).returncode != 0
    assert bounded.run(grab, b"", memory=1 << 30, timeout=30).returncode == 0
    started = time.monotonic()
    with pytest.raises(bounded.TimedOut):  # a grandchild, as soffice starts soffice.bin
        bounded.run(["sh", "-c", "sleep 31.7 & wait"], b"", memory=100 << 20, timeout=0.2)
    assert time.monotonic() - started < 5
    assert not any(b"31.7" in line for line in _command_lines()), "a grandchild was left"


def test_the_bounded_child_dies_with_the_worker_that_started_it():
    import signal
    import subprocess
    import sys

    worker = subprocess.Popen([sys.executable, "-c", (
        # the marker made at run time: the worker's own command line must not hold it
        "from bot import bounded; bounded.run(['sleep', str(473 / 10)], b'', 100 << 20, 60)")])
    try:
        for _ in range(100):
            if any(b"47.3" in line for line in _command_lines()):
                break
            time.sleep(0.1)
        else:
            pytest.fail("the child never started")
        worker.send_signal(signal.SIGKILL)  # the OOM killer's way: no finally runs
        worker.wait()
        for _ in range(50):
            if not any(b"47.3" in line for line in _command_lines()):
                break
            time.sleep(0.1)
        assert not any(b"47.3" in line for line in _command_lines()), "the child outlived it"
    finally:
        worker.kill()


def _command_lines() -> list[bytes]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):  # gone meanwhile
            found.append(cmdline.read_bytes())
    return found


MAGIC = {SEVEN_ZIP: b"7z\xbc\xaf\x27\x1c", RAR: b"Rar!\x1a\x07\x01\x00", GZIP: b"\x1f\x8b\x08",
         XZ: b"\xfd7zXZ\x00", BZIP2: b"BZh91AY&SY", TAR: b""}


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(sorted(MAGIC)), st.binary(max_size=600))
def test_arbitrary_bytes_behind_a_signature_give_parts_or_an_unpack_error(media_type, tail):
    try:
        result = unpack(MAGIC[media_type] + tail, media_type, "x")
    except UnpackError as error:
        assert " / " in str(error)
    else:
        assert result.kind == "archive"


def test_a_worker_out_of_memory_in_libarchive_says_memory_not_damaged(monkeypatch):
    import errno
    import io
    import types

    from libarchive.exception import ArchiveError

    from bot.unpack import frames

    def dump(data, out):
        raise ArchiveError("Can't allocate memory", errno=errno.ENOMEM)

    def damaged(data, out):
        raise ArchiveError("Truncated input", errno=errno.EIO)

    for stream in ("stdin", "stdout"):
        monkeypatch.setattr(f"sys.{stream}", types.SimpleNamespace(buffer=io.BytesIO()))
    assert frames.answer(dump) == frames.EXIT_MEMORY
    assert frames.answer(damaged) == frames.EXIT_BROKEN
    assert frames.answer(lambda data, out: None) == 0


def test_our_rar4_writer_is_read_by_libarchive_and_its_header_crcs_are_checked():
    from tests.rar4 import rar4

    data = rar4([("beslut.txt", LETTER), ("tom.pdf", b"%PDF-1.4\n%%EOF\n")])
    assert sniff(data, "x") == RAR
    with libarchive.memory_reader(data) as archive:
        read = [(e.pathname, e.size, b"".join(bytes(b) for b in e.get_blocks())) for e in archive]
    assert read == [("beslut.txt", len(LETTER), LETTER), ("tom.pdf", 15, b"%PDF-1.4\n%%EOF\n")]
    broken = bytearray(data)
    broken[20] ^= 1  # the first file header's HEAD_CRC (7 marker + 13 main header bytes)
    with pytest.raises(libarchive.ArchiveError, match="CRC"), \
            libarchive.memory_reader(bytes(broken)) as archive:
        list(archive)


def test_a_rar_is_read_under_the_limits_of_a_zip():
    from tests.rar4 import rar4

    result = unpack(rar4([("brev/beslut.txt", LETTER), ("b.txt", b"b")]), RAR, "x.rar")
    assert [(p.filename, p.data) for p in result.children] == [("beslut.txt", LETTER),
                                                              ("b.txt", b"b")]
    with pytest.raises(UnpackError, match="too many parts"):
        unpack(rar4([(f"{n}.txt", bytes([n])) for n in range(5)]), RAR, "x",
               limits=Limits(max_children=4))
    with pytest.raises(UnpackError, match="too much unpacked data"):
        unpack(rar4([("a.txt", b"x" * 5000), ("b.txt", b"y" * 5000)]), RAR, "x",
               limits=Limits(max_total_bytes=6000))
    declared = rar4([("a.txt", LETTER)], declared={"a.txt": 1 << 40})  # 1 TB in its header
    with pytest.raises(UnpackError, match="too much unpacked data"):
        unpack(declared, RAR, "x")
    with pytest.raises(UnpackError, match="too deep"):
        unpack(rar4([("a.txt", LETTER)]), RAR, "x", depth=6, limits=Limits(max_depth=5))

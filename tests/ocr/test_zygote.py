"""The zygote that forks bounded readers (ocr/zygote.py, used by bot/reading.py): pages come
back, a reader past its time is killed with its group, a killed zygote is replaced, and
readers asked for at once from two threads each get their own document."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

import ocr
from bot import reading
from ocr import zygote
from tests.conftest import make_pdf, make_scan

OPTIONS = ocr.OcrOptions(workers=0)


def _letter(n: int) -> bytes:
    return make_pdf([f"Brev nummer {n}", "Dnr KS 2021/0456-2"])


def test_pages_come_back_from_a_forked_reader():
    pages = reading.read(_letter(1), "application/pdf", OPTIONS, 2048, 60)
    assert "Brev nummer 1" in pages[0].text and pages[0].method == "textlayer"


def test_a_reader_past_its_time_is_killed_and_the_next_one_works():
    scan = make_scan([f"Rad {n} om detaljplanen för Tegelviken" for n in range(30)], dpi=400)
    began = time.monotonic()
    with pytest.raises(ocr.OcrError, match=r"reading stopped after 0\.3 s"):
        reading.read(scan, "image/png", OPTIONS, 2048, 0.3)
    assert time.monotonic() - began < 5
    assert "Brev nummer 2" in reading.read(_letter(2), "application/pdf", OPTIONS, 2048, 60)[0].text


def test_a_killed_zygote_is_replaced():
    reading.read(_letter(3), "application/pdf", OPTIONS, 2048, 60)
    process = reading._ZYGOTE.process
    assert process is not None
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    assert "Brev nummer 4" in reading.read(_letter(4), "application/pdf", OPTIONS, 2048, 60)[0].text
    assert reading._ZYGOTE.process is not None and reading._ZYGOTE.process.pid != process.pid


def test_a_reader_ends_in_its_own_process_group_unreaped_until_the_caller_is_done():
    own = zygote.Zygote()
    try:
        reader = own.fork("application/pdf", OPTIONS, 2 << 30, 60)
        reader.conn.send_bytes(_letter(5))
        assert b"Brev nummer 5" in reader.conn.recv_bytes()
        assert os.getpgid(reader.pid) == reader.pid  # its own group: a kill reaches its children
        assert own.reap(reader, 10) == 0
    finally:
        own.close()


def test_two_threads_each_get_their_own_document():
    found: dict[int, str] = {}

    def read(n: int) -> None:
        found[n] = reading.read(_letter(n), "application/pdf", OPTIONS, 2048, 60)[0].text

    threads = [threading.Thread(target=read, args=(n,)) for n in (6, 7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert "Brev nummer 6" in found[6] and "Brev nummer 7" in found[7]

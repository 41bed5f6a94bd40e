"""The worker's heap hygiene: glibc's mmap threshold fixed, freed memory given back per page;
quietly nothing where glibc is absent."""

from __future__ import annotations

from ocr import heap


class FakeLibc:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[int, ...]]] = []

    def mallopt(self, *args: int) -> int:
        self.calls.append(("mallopt", args))
        return 1

    def malloc_trim(self, *args: int) -> int:
        self.calls.append(("malloc_trim", args))
        return 1


def test_threshold_fixed_and_memory_given_back(monkeypatch):
    libc = FakeLibc()
    monkeypatch.setattr(heap, "_libc", lambda: libc)
    heap.fixed_mmap_threshold()
    heap.give_back()
    assert libc.calls == [("mallopt", (-3, 1 << 20)), ("malloc_trim", (0,))]


def test_without_glibc_nothing_happens(monkeypatch):
    monkeypatch.setattr(heap, "_libc", lambda: None)
    heap.fixed_mmap_threshold()
    heap.give_back()


def test_this_machines_glibc_is_found_and_answers():
    libc = heap._libc()
    assert libc is not None
    assert libc.malloc_trim(0) in (0, 1)

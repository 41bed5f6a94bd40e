"""Cutting at separator sheets: cover sheets, PATCH-T, blank pages, double-sided scans; every
page ends in exactly one part or is set aside with a reason."""

from __future__ import annotations

import numpy as np
import pypdfium2

from bot.casenumbers import parse
from bot.split import patch
from bot.split.separators import back_sides, by_separators, is_duplex
from bot.split.signals import PageSignal
from tests.bot.split.helpers import blank, patch_t
from tests.conftest import make_pdf


def pages(spec: str) -> list[PageSignal]:
    """'C d d B d P d': Cover, Blank, Patch, d = a page of a document."""
    out = []
    for n, kind in enumerate(spec.split(), start=1):
        out.append(PageSignal(n, "" if kind == "B" else "text", kind == "B",
                              cover=parse("KS 2021/0456-3") if kind == "C" else None,
                              patch=kind == "P"))
    return out


def ranges(spec: str) -> list[tuple[int, int]]:
    plan = by_separators(pages(spec))
    assert plan is not None and plan.accounted(len(spec.split()))
    return [(p.first, p.last) for p in plan.parts]


def test_cover_sheets_cut_and_are_set_aside():
    plan = by_separators(pages("C d d C d C d d d"))
    assert [(p.first, p.last) for p in plan.parts] == [(2, 3), (5, 5), (7, 9)]
    assert [p.meta["cover"] for p in plan.parts] == ["KS 2021/0456-3"] * 3
    assert [a["page"] for a in plan.set_aside] == [1, 4, 6]
    assert {a["reason"] for a in plan.set_aside} == {"försättsblad / cover sheet"}


def test_blank_separator_pages_cut_and_doubled_blanks_make_no_empty_part():
    assert ranges("d d B d B B d d d B") == [(1, 2), (4, 4), (7, 9)]


def test_with_cover_sheets_a_blank_page_does_not_cut():
    plan = by_separators(pages("C d B d C d"))
    assert [(p.first, p.last, p.blank_pages) for p in plan.parts] == [(2, 4, [3]), (6, 6, [])]


def test_patch_t_cuts_without_naming_a_record():
    plan = by_separators(pages("d d P d"))
    assert [(p.first, p.last) for p in plan.parts] == [(1, 2), (4, 4)]
    assert all("cover" not in p.meta for p in plan.parts)


def test_a_scan_without_separators_is_not_cut():
    assert by_separators(pages("d d d d")) is None


def test_double_sided_blank_backs_are_not_separators_but_blank_sheets_are():
    # sheets: [d B] [d B] [B B] [d d] [d B] [B B] [d B]
    signals = pages("d B d B B B d d d B B B d B")
    assert is_duplex(signals)
    plan = by_separators(signals)
    assert plan is not None and plan.accounted(14)
    assert [(p.first, p.last) for p in plan.parts] == [(1, 3), (7, 9), (13, 13)]
    assert plan.parts[0].blank_pages == [2]
    reasons = {a["page"]: a["reason"] for a in plan.set_aside}
    assert reasons[4] == reasons[10] == reasons[14] == "tom baksida / blank back side"
    assert reasons[5] == reasons[6] == reasons[11] == "tomt skiljeblad / blank separator page"


def test_double_sided_cover_sheet_and_its_blank_back():
    signals = pages("C B d B d d C B d B")
    plan = by_separators(signals)
    assert plan is not None and plan.accounted(10)
    assert [(p.first, p.last, p.blank_pages) for p in plan.parts] == [(3, 6, [4]), (9, 9, [])]
    assert [a["page"] for a in plan.set_aside] == [1, 2, 7, 8, 10]


def test_one_document_scanned_double_sided_notes_its_blank_backs():
    assert back_sides(pages("d B d B d d d B")) == [2, 4, 8]
    assert back_sides(pages("d d d d")) == []


def _grey(pdf: bytes, dpi: int, turn: int = 0) -> np.ndarray:
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=dpi / 72, grayscale=True).to_pil()
    return np.array(image.rotate(turn, expand=True, fillcolor=255).convert("L"))


def test_patch_t_bars_are_found_upright_turned_and_at_low_resolution():
    for dpi, turn in ((150, 0), (100, 90), (200, 180), (75, 0)):
        assert patch.has_patch_t(_grey(patch_t(), dpi, turn), dpi), (dpi, turn)


def test_pages_without_a_patch_have_none():
    table = make_pdf(["| a | b |"] * 30)
    for data in (blank(), table, make_pdf(["Dnr KS 2021/0456"] * 5)):
        assert not patch.has_patch_t(_grey(data, 150), 150)

"""Running headers and footers are found across pages even as OCR reads them differently."""

from __future__ import annotations

from bot.split.running import Running

FOOTER = "Exempelby kommun · Box 100 · 123 45 Exempelby · Växel 0000-00 00 00 · kommun@example.se"
OCR_FOOTER = "Exempelby kommun – Box 100 --123 45 Exempelby -Växel 0000-00 00 00 – kommun Q example.se"


def _page(*lines: str) -> str:
    return "\n".join(["Brödtext som inte upprepas.", *lines])


def test_an_ocr_read_footer_is_the_same_running_line():
    running = Running([_page("Anna Berg", FOOTER), _page(OCR_FOOTER), _page("Eva Sten", FOOTER)],
                      least=3, letters=20)
    assert OCR_FOOTER in running and FOOTER in running
    assert "Anna Berg" not in running


def test_a_line_on_too_few_pages_or_too_short_is_not_running():
    pages = [_page("Anna Berg", FOOTER), _page("Anna Berg", FOOTER), _page("Anna Berg")]
    assert FOOTER not in Running(pages, least=3, letters=20)
    assert "Anna Berg" not in Running(pages, least=3, letters=20)
    assert "Anna Berg" in Running(pages, least=3)

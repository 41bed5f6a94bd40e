"""Page images for the split: a page PDFium cannot load is passed over, not a failed item."""

from __future__ import annotations

from bot.split.pageimages import page_images

# A page tree that lists itself as its own second kid (the shape of pdf.js's Pages-tree-refs).
LOOPING = (b"%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
           b"2 0 obj <</Type/Pages/Kids[3 0 R 2 0 R]/Count 2>> endobj\n"
           b"3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>> endobj\n"
           b"trailer <</Root 1 0 R>>\n%%EOF\n")


def test_a_looping_page_tree_gives_the_pages_that_load():
    pages = list(page_images(LOOPING, "application/pdf"))
    assert [(number, dpi) for number, _, dpi in pages] == [(1, 150)]

"""CSV, JSON and XML files read as text documents, one page each, like plain text (bounded by
the same child process): a CSV as its text; a JSON file as its keys and values, one
`key: value` a line (escapes such as `\\/` and `\\u00e4` undone), or as its text when it is
not one JSON value (JSON Lines); an XML file as its text content without markup. An XML file
is parsed without a DTD, entities or the network; one that declares entities (a billion-laughs
bomb, an external entity) is refused with a reason, never expanded."""

from __future__ import annotations

import codecs
import json
import time
from collections.abc import Iterator
from typing import Any

from lxml import etree

from ocr.direct import text_page
from ocr.model import OcrError, PageText

CSV = frozenset({"text/csv", "text/tab-separated-values"})
JSON = frozenset({"application/json"})
XML = frozenset({"text/xml", "application/xml"})
KINDS = CSV | JSON | XML

TEXT = {
    "entities": "XML-filen deklarerar entiteter och läses inte (DTD, risk för XML-bomb) / "
    "the XML file declares entities and is not read (DTD, a possible XML bomb)",
    "broken": "trasig XML-fil / broken XML file: {error}",
}
_EXPANSION = frozenset({etree.ErrorTypes.ERR_ENTITY_LOOP,  # libxml2's amplification bound too
                        etree.ErrorTypes.ERR_ENTITY_PROCESSING,
                        etree.ErrorTypes.ERR_ENTITY_IS_EXTERNAL})
_ENTITY_MARKS = tuple("<!ENTITY".encode(encoding) for encoding in ("ascii", "utf-16-le",
                                                                     "utf-16-be"))


def structured_page(data: bytes, kind: str) -> PageText:
    """The file's text as one page; OcrError for an XML file that declares entities or is not
    well-formed."""
    if kind in CSV:
        page = text_page(data)
        return PageText(page.number, page.text, None, "direct", page.seconds,
                        {**page.steps, "format": "csv"})
    start = time.monotonic()
    steps: dict[str, Any] = {"format": "xml"}
    if kind in XML:
        text = xml_text(data)
    else:
        text, steps = json_text(data)
    return PageText(1, text, None, "direct", time.monotonic() - start, steps)


def json_text(data: bytes) -> tuple[str, dict[str, Any]]:
    """`key: value` lines of a JSON value; its plain text when it is not one."""
    page = text_page(data)
    try:
        value = json.loads(page.text)
    except (ValueError, RecursionError):  # JSON Lines, a fragment, nesting past the stack
        return page.text, {**page.steps, "format": "json", "parsed": False}
    return "\n".join(_json_lines(value)), {**page.steps, "format": "json", "parsed": True}


def _json_lines(value: Any) -> Iterator[str]:
    """Every scalar in document order, after the nearest key above it (no recursion: a
    deeply nested file is walked like a flat one)."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        key, node = stack.pop()
        if isinstance(node, dict):
            stack.extend(reversed([(str(k), v) for k, v in node.items()]))
        elif isinstance(node, list):
            stack.extend(reversed([(key, v) for v in node]))
        elif node is not None and node != "":
            shown = node if isinstance(node, str) else json.dumps(node)
            yield f"{key}: {shown}" if key else shown


def xml_text(data: bytes) -> str:
    """The text content of an XML document, a line per text node, without its markup."""
    if _declares_entities(data):
        raise OcrError(TEXT["entities"])
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        if exc.code in _EXPANSION:
            raise OcrError(TEXT["entities"]) from exc
        raise OcrError(TEXT["broken"].format(error=exc.msg or type(exc).__name__)) from exc
    doctype = root.getroottree().docinfo.internalDTD
    if doctype is not None and any(True for _ in doctype.iterentities()):
        raise OcrError(TEXT["entities"])  # an encoding the byte search above does not know
    return "\n".join(piece.strip() for piece in root.itertext() if piece.strip())


def _declares_entities(data: bytes) -> bool:
    """An entity declaration in ASCII-compatible or UTF-16 bytes, found before parsing."""
    head = data.removeprefix(codecs.BOM_UTF8)
    return any(mark in head for mark in _ENTITY_MARKS)

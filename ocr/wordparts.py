"""The parts of a Word file python-docx leaves out of a paragraph's text: text boxes, footnotes
and endnotes; and Strict Open XML (ISO 29500 Strict, namespaces http://purl.oclc.org/ooxml/…)
read by renaming its namespaces to the Transitional ones python-docx knows."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from docx.document import Document
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_STRICT = re.compile(rb"http://purl\.oclc\.org/ooxml/([A-Za-z]+)/([A-Za-z]+)")
_NOTES = ("footnotes", "endnotes")
_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}


def is_strict(archive: zipfile.ZipFile) -> bool:
    rels = archive.read("_rels/.rels") if "_rels/.rels" in archive.namelist() else b""
    return b"purl.oclc.org/ooxml" in rels


def to_transitional(data: bytes) -> bytes:
    """A Strict .docx rewritten with Transitional namespaces; any other file as it is."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if not is_strict(archive):
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in archive.infolist():
                content = archive.read(info)
                if info.filename.endswith((".xml", ".rels")):
                    content = _STRICT.sub(rb"http://schemas.openxmlformats.org/\1/2006/\2",
                                          content)
                copy.writestr(info.filename, content)
    return out.getvalue()


def text_of(element: etree._Element) -> str:
    """The text of a paragraph or run, without the text boxes inside it (read on their own)
    and without the fallback copy Word keeps of every drawing."""
    parts: list[str] = []
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in (f"{{{W}}}txbxContent", f"{{{MC}}}Fallback"):
            continue
        if tag == f"{{{W}}}t":
            parts.append(child.text or "")
        elif tag == f"{{{W}}}tab":
            parts.append("\t")
        elif tag in (f"{{{W}}}br", f"{{{W}}}cr"):
            parts.append("\n")
        else:
            parts.append(text_of(child))
    return "".join(parts)


def box_lines(paragraph: etree._Element) -> Iterator[str]:
    """The paragraphs of the text boxes anchored in `paragraph`, each box once."""
    for box in paragraph.iterfind(f".//{{{W}}}txbxContent"):
        if box.xpath("ancestor::mc:Fallback", namespaces={"mc": MC}):
            continue
        for inner in box.iterfind(f".//{{{W}}}p"):
            if inner.getparent() is not None and _own_box(inner, box):
                yield text_of(inner)


def _own_box(inner: etree._Element, box: etree._Element) -> bool:
    """True when `inner` belongs to `box` itself, not to a box nested in it."""
    nearest = next(inner.iterancestors(f"{{{W}}}txbxContent"), None)
    return nearest is box


def note_lines(document: Document) -> Iterator[str]:
    """The footnotes, then the endnotes, in their order in the notes parts."""
    rels = [rel for rel in document.part.rels.values()
            if not rel.is_external and rel.reltype.rsplit("/", 1)[-1] in _NOTES]
    for rel in sorted(rels, key=lambda rel: _NOTES.index(rel.reltype.rsplit("/", 1)[-1])):
        kind = rel.reltype.rsplit("/", 1)[-1]
        root = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False))
        for note in root.iterfind(f"{{{W}}}{kind[:-1]}"):
            if note.get(f"{{{W}}}type") in _SEPARATORS:
                continue
            for paragraph in note.iterfind(f".//{{{W}}}p"):
                yield text_of(paragraph)

"""Word text python-docx leaves out of a paragraph: text boxes (once, not their fallback copy),
footnotes and endnotes; and Strict Open XML documents."""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

import ocr
from ocr import wordparts

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
W = wordparts.W
NS = (f'xmlns:w="{W}" xmlns:mc="{wordparts.MC}" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')


def _box(text: str) -> etree._Element:
    """A run holding a text box as Word writes it: the drawing, and a VML copy as fallback."""
    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return etree.fromstring(
        f"<w:r {NS}><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:wsp>"
        f"<wps:txbx>{content}</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback>"
        f"<w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>")


def _notes(kind: str, texts: list[str]) -> bytes:
    tag = kind[:-1]
    notes = [f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>']
    notes += [f'<w:{tag} w:id="{n}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:{tag}>'
              for n, text in enumerate(texts, 1)]
    return f'<w:{kind} xmlns:w="{W}">{"".join(notes)}</w:{kind}>'.encode()


def letter() -> bytes:
    document = Document()
    document.sections[0].header.paragraphs[0].text = "Exempelby kommun"
    document.sections[0].header.paragraphs[0]._p.append(_box("Dnr KS 2021/0456"))
    body = document.add_paragraph("Yttrande över detaljplan för Tegelviken 3:14.")
    body._p.append(_box("Länsstyrelsen i Västra Götalands län"))
    document.add_paragraph("Beslutet kan överklagas.")
    for kind, reltype, texts in (("footnotes", RT.FOOTNOTES, ["Se bilaga 2."]),
                                 ("endnotes", RT.ENDNOTES, ["Beslut KS § 12/2021."])):
        part = Part(PackURI(f"/word/{kind}.xml"),
                    f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml",
                    _notes(kind, texts), document.part.package)
        document.part.relate_to(part, reltype)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def strict(data: bytes) -> bytes:
    """The same package in Strict Open XML's namespaces, as Word's 'Strict' save writes them."""
    transitional = re.compile(rb"http://schemas\.openxmlformats\.org/([A-Za-z]+)/2006/([A-Za-z]+)")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith((".xml", ".rels")) and "Content_Types" not in info.filename:
                content = transitional.sub(rb"http://purl.oclc.org/ooxml/\1/\2", content)
            copy.writestr(info.filename, content)
    return out.getvalue()


EXPECTED = [
    "Exempelby kommun",
    "Dnr KS 2021/0456",
    "Yttrande över detaljplan för Tegelviken 3:14.",
    "Länsstyrelsen i Västra Götalands län",
    "Beslutet kan överklagas.",
    "Se bilaga 2.",
    "Beslut KS § 12/2021.",
]


def test_text_boxes_once_each_and_footnotes_and_endnotes_are_read(no_tesseract):
    (page,) = ocr.read(letter(), DOCX)
    assert page.text.splitlines() == EXPECTED


def test_a_strict_open_xml_document_is_read_like_a_transitional_one(no_tesseract):
    data = strict(letter())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"http://purl.oclc.org/ooxml/wordprocessingml/main" in archive.read(
            "word/document.xml")
    (page,) = ocr.read(data, DOCX)
    assert page.text.splitlines() == EXPECTED


def test_a_transitional_document_is_left_as_it_is():
    data = letter()
    assert wordparts.to_transitional(data) is data

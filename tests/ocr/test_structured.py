"""CSV, JSON and XML read as text: their words and case numbers without markup or escapes; an
XML file declaring entities (a billion-laughs bomb, an external entity) refused, never
expanded."""

from __future__ import annotations

import time
from itertools import pairwise

import pytest

import ocr
from ocr.structured import TEXT

INVOICE = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!-- e-faktura -->
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
         xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>F-2021-117</cbc:ID>
  <cbc:Note>Avser ärende KS 2021/0456 &amp; bygglov</cbc:Note><?faktura x?>
  <InvoiceLine><cbc:Name>Konsult</cbc:Name> timmar <cbc:Amount currencyID="SEK">12500</cbc:Amount>
  </InvoiceLine>
</Invoice>
"""
_NAMES = ["lol", *(f"lol{n}" for n in range(1, 10))]
LAUGHS = "\n".join(  # a billion "lol"s in 1 kB: lol9 is ten lol8s … lol1 is ten lols
    ['<?xml version="1.0"?>', "<!DOCTYPE lolz [", ' <!ENTITY lol "lol">']
    + [f' <!ENTITY {name} "{("&" + below + ";") * 10}">' for below, name in pairwise(_NAMES)]
    + ["]>", "<lolz>&lol9;</lolz>"])
EXTERNAL = ('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            "<a>&e;</a>")


def _text(data: bytes, media_type: str) -> str:
    [page] = ocr.read(data, media_type)
    assert page.method == "direct"
    return page.text


def test_each_is_supported_and_xml_under_either_name():
    for media_type in ("text/csv", "text/tab-separated-values", "application/json",
                       "text/xml", "application/xml; charset=utf-8"):
        assert ocr.supported(media_type), media_type


def test_a_csv_is_its_text_in_its_encoding():
    data = "diarienummer;rubrik\nKS 2021/0456;Detaljplan för Tegelviken\n".encode("cp1252")
    [page] = ocr.read(data, "text/csv")
    assert page.text == "diarienummer;rubrik\nKS 2021/0456;Detaljplan för Tegelviken\n"
    assert page.steps == {"encoding": "cp1252", "format": "csv"}


def test_xml_gives_its_text_without_markup_comments_or_instructions():
    assert _text(INVOICE.encode("latin-1"), "text/xml") == (
        "F-2021-117\nAvser ärende KS 2021/0456 & bygglov\nKonsult\ntimmar\n12500")
    utf16 = INVOICE.replace("ISO-8859-1", "UTF-16").encode("utf-16")
    assert "KS 2021/0456" in _text(utf16, "application/xml")


@pytest.mark.parametrize("document", [LAUGHS, EXTERNAL, LAUGHS.replace("<lolz>&lol9;",
                                                                       '<lolz a="&lol9;">')])
def test_xml_declaring_entities_is_refused_at_once_with_a_reason(document):
    for data in (document.encode(), document.replace('"?>', '" encoding="UTF-16"?>', 1)
                 .encode("utf-16")):
        started = time.monotonic()
        with pytest.raises(ocr.OcrError) as refused:
            list(ocr.read(data, "text/xml"))
        assert str(refused.value) == TEXT["entities"]
        assert time.monotonic() - started < 1


def test_broken_xml_fails_with_its_parsers_reason():
    with pytest.raises(ocr.OcrError, match="broken XML file: Opening and ending tag mismatch"):
        list(ocr.read(b"<a><b>KS 2021/0456</a>", "text/xml"))
    with pytest.raises(ocr.OcrError, match="Entity 'nbsp' not defined"):
        list(ocr.read(b"<a>&nbsp;</a>", "text/xml"))  # never looked up anywhere


def test_json_gives_keys_and_values_with_its_escapes_undone():
    data = (b'{"arenden": [{"diarienummer": "KS 2021\\/0456", "rubrik": "Detaljplan f\\u00f6r '
            b'Tegelviken", "bilagor": 3, "avslutat": false, "handlaggare": null}], "n": ""}')
    [page] = ocr.read(data, "application/json")
    assert page.text == ("diarienummer: KS 2021/0456\nrubrik: Detaljplan för Tegelviken\n"
                         "bilagor: 3\navslutat: false")
    assert page.steps["parsed"] is True
    assert _text(b'["KS 2021/0456", ["BN 2021/0456"]]', "application/json") == (
        "KS 2021/0456\nBN 2021/0456")


def test_json_lines_and_json_nested_past_the_stack_are_read_as_their_text():
    lines = b'{"dnr": "KS 2021/0456"}\n{"dnr": "BN 2021/0456"}\n'
    [page] = ocr.read(lines, "application/json")
    assert (page.text, page.steps["parsed"]) == (lines.decode(), False)
    deep = b"[" * 100_000 + b'"KS 2021/0456"' + b"]" * 100_000
    assert "KS 2021/0456" in _text(deep, "application/json")


def test_entities_the_byte_search_misses_are_refused_after_parsing(monkeypatch):
    from ocr import structured

    monkeypatch.setattr(structured, "_ENTITY_MARKS", ())  # as for an encoding it does not know
    with pytest.raises(ocr.OcrError) as refused:
        list(ocr.read(LAUGHS.encode(), "text/xml"))
    assert str(refused.value) == TEXT["entities"]

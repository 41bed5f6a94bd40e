"""Registry CSV exports: English and Swedish headers, encodings, separators, bad rows, size."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.casenumbers import CaseNumber, Grammar
from bot.registry_csv import (
    CaseRow,
    DocumentRow,
    RegistryFormatError,
    RowError,
    parse_date,
    parse_registry_csv,
)

LANSSTYRELSEN = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "swedish"
KS_456 = CaseNumber("KS", 2021, 456)


def cases(data: bytes, grammar: Grammar | None = None) -> list[CaseRow]:
    parsed = parse_registry_csv(data, grammar or Grammar())
    assert parsed.kind == "cases"
    return [r for r in parsed.rows if isinstance(r, CaseRow)]


def documents(data: bytes) -> list[DocumentRow]:
    parsed = parse_registry_csv(data)
    assert parsed.kind == "documents"
    return [r for r in parsed.rows if isinstance(r, DocumentRow)]


CASES = """case_number,title,board,opened,status,handler
KS 2021/0456,Detaljplan för Tegelviken 3:14,Kommunstyrelsen,2021-03-01,pågående,Karin Lund
BN 2021/0456,Bygglov Kvarnbacken 2:7,,2021-02-11,pågående,
"""
DOCUMENTS = """case_number,doc_number,date,direction,counterpart,description
KS 2021/0456,1,2021-03-01,internal,,Tjänsteskrivelse
KS 2021/0456,2,2021-04-05,incoming,Länsstyrelsen,Yttrande över detaljplan
KS 2021/0456,3,2021-05-10,outgoing,Bergström Bygg AB,Beslut
"""


def test_english_cases_export():
    parsed = parse_registry_csv(CASES.encode())
    assert (parsed.kind, parsed.errors) == ("cases", [])
    first, second = cases(CASES.encode())
    assert first == CaseRow(
        2,
        KS_456,
        "KS 2021/0456",
        "Detaljplan för Tegelviken 3:14",
        "Kommunstyrelsen",
        date(2021, 3, 1),
        "pågående",
        "Karin Lund",
    )
    assert (second.board, second.handler) == ("BN", None)  # board taken from the number


def test_english_documents_export():
    parsed = parse_registry_csv(DOCUMENTS.encode())
    assert (parsed.kind, parsed.errors) == ("documents", [])
    assert parsed.rows[1] == DocumentRow(
        3,
        KS_456,
        "KS 2021/0456",
        2,
        date(2021, 4, 5),
        "incoming",
        "Länsstyrelsen",
        "Yttrande över detaljplan",
    )
    rows = documents(DOCUMENTS.encode())
    assert [r.direction for r in rows] == ["internal", "incoming", "outgoing"]
    assert rows[0].counterpart is None


def test_swedish_cases_export_with_semicolons_in_cp1252():
    text = (
        "Diarienummer;Ärendemening;Nämnd;Öppnad;Status;Handläggare\r\n"
        "KS 2019/0017;Försäljning av fastigheten Åby 1:2;;2019-01-10;avslutat;Åsa Öberg\r\n"
    )
    parsed = parse_registry_csv(text.encode("cp1252"))
    assert (parsed.kind, parsed.errors) == ("cases", [])
    row = parsed.rows[0]
    assert isinstance(row, CaseRow)
    assert (row.title, row.board, row.handler) == (
        "Försäljning av fastigheten Åby 1:2",
        "KS",
        "Åsa Öberg",
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_encodings(encoding):
    text = "Dnr\tRubrik\tStartdatum\nKS 2021/0456\tÄndring av detaljplan för Övre Å\t20210301\n"
    parsed = parse_registry_csv(text.encode(encoding))
    row = parsed.rows[0]
    assert isinstance(row, CaseRow)
    assert (row.case_number, row.title, row.opened) == (
        KS_456,
        "Ändring av detaljplan för Övre Å",
        date(2021, 3, 1),
    )


@pytest.mark.parametrize(
    "header",
    [
        "Diarienummer;Löpnummer;Datum;Riktning;Avsändare/Mottagare;Handlingsmening",
        "DNR;LNR;REGISTRERINGSDATUM;HANDLINGSTYP;MOTPART;BESKRIVNING",
        "dnr ; handlings nummer ; inkommen ; riktning ; avsändare ; beskrivning",
        "Ärendenummer;Handlingsnummer;Upprättad;I/U/N;Mottagare;Handlingsmening",
    ],
)
def test_swedish_document_headers_in_any_case_and_spacing(header):
    text = f"{header}\nKS 2021/0456;3;2021-05-10;U;Bergström Bygg AB;Beslut\n"
    parsed = parse_registry_csv(text.encode())
    assert (parsed.kind, parsed.errors) == ("documents", [])
    assert parsed.rows[0] == DocumentRow(
        2,
        KS_456,
        "KS 2021/0456",
        3,
        date(2021, 5, 10),
        "outgoing",
        "Bergström Bygg AB",
        "Beslut",
    )


@pytest.mark.parametrize(
    ("written", "direction"),
    [
        ("I", "incoming"),
        ("in", "incoming"),
        ("Inkommande", "incoming"),
        ("U", "outgoing"),
        ("ut", "outgoing"),
        ("utgående", "outgoing"),
        ("N", "internal"),
        ("upprättad", "internal"),
        ("Internt", "internal"),
        ("intern", "internal"),
        ("incoming", "incoming"),
        ("internal", "internal"),
    ],
)
def test_direction_words(written, direction):
    text = f"Dnr;Lnr;Riktning\nKS 2021/0456;1;{written}\n"
    assert documents(text.encode())[0].direction == direction


def test_kind_from_sub_numbers_when_there_is_no_document_column():
    text = "Diarienummer,Datum,Beskrivning\nKS 2021/0456-3,2021-05-10,Beslut\nKS 2021/0456-4,,PM\n"
    parsed = parse_registry_csv(text.encode())
    assert parsed.kind == "documents"
    rows = documents(text.encode())
    assert [(r.case_number, r.doc_number) for r in rows] == [(KS_456, 3), (KS_456, 4)]
    assert rows[1].direction == "incoming"


def test_the_doc_number_may_come_from_the_case_number_but_must_agree_with_the_column():
    text = "Dnr;Lnr;Riktning\nKS 2021/0456-3;;I\nKS 2021/0456-3;3;I\nKS 2021/0456-3;4;I\n"
    parsed = parse_registry_csv(text.encode())
    assert [r.doc_number for r in documents(text.encode())] == [3, 3]
    assert [e.line for e in parsed.errors] == [4]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2021-04-05", date(2021, 4, 5)),
        ("2021-4-5", date(2021, 4, 5)),
        ("20210405", date(2021, 4, 5)),
        ("2021-04-05 10:22", date(2021, 4, 5)),
        ("2021-04-05T10:22:00", date(2021, 4, 5)),
        ("5.4.2021", date(2021, 4, 5)),
        ("05.04.2021", date(2021, 4, 5)),
        ("", None),
        ("  ", None),
    ],
)
def test_dates(written, expected):
    assert parse_date(written) == expected


@pytest.mark.parametrize("written", ["5/4/2021", "2021-13-01", "2021-02-30", "igår", "2021"])
def test_bad_or_ambiguous_dates_are_refused(written):
    with pytest.raises(ValueError):
        parse_date(written)


def test_bad_rows_become_errors_with_their_lines_and_good_rows_still_parse():
    text = (
        "case_number,doc_number,date,direction,counterpart,description\n"  # 1
        "KS 2021/0456,1,2021-03-01,internal,,ok\n"  # 2
        "nonsense,2,2021-03-01,incoming,,bad number\n"  # 3
        ",3,2021-03-01,incoming,,no number\n"  # 4
        "KS 2021/0456,,2021-03-01,incoming,,no doc\n"  # 5
        "KS 2021/0456,x,2021-03-01,incoming,,bad doc\n"  # 6
        "KS 2021/0456,7,5/4/2021,incoming,,ambiguous date\n"  # 7
        "KS 2021/0456,8,2021-03-01,sideways,,bad direction\n"  # 8
        "KS 2021/0456,9,2021-03-01,,,no direction\n"  # 9
        "\n"  # 10: blank, skipped
        "KS 2021/0456,11,2021-03-01,outgoing,,ok\n"  # 11
    )
    parsed = parse_registry_csv(text.encode())
    assert [r.line for r in parsed.rows] == [2, 11]
    assert [e.line for e in parsed.errors] == [3, 4, 5, 6, 7, 8, 9]
    reasons = {e.line: e.reason for e in parsed.errors}
    assert "diarienummer" in reasons[3] and "case number" in reasons[3]
    assert "saknar diarienummer" in reasons[4]
    assert "löpnummer" in reasons[5] and "löpnummer" in reasons[6]
    assert "datum" in reasons[7] and "riktning" in reasons[8] and "riktning" in reasons[9]
    assert all(isinstance(e, RowError) for e in parsed.errors)


def test_quoted_multi_line_fields_count_as_their_physical_lines():
    text = (
        "Diarienummer;Ärendemening;Startdatum\n"
        'KS 2021/0456;"Detaljplan för\nTegelviken 3:14;\n""Norra delen""";2021-03-01\n'
        "trasig;En rad;2021-03-01\n"
        "KS 2021/0457;Nästa;2021-13-01\n"
    )
    parsed = parse_registry_csv(text.encode())
    assert cases(text.encode())[0].title == 'Detaljplan för\nTegelviken 3:14;\n"Norra delen"'
    assert [(e.line, e.reason.split(" /")[0]) for e in parsed.errors] == [
        (5, "ogiltigt diarienummer"),
        (6, "ogiltigt datum"),
    ]


def test_a_title_line_before_the_header_is_skipped():
    text = "Diarieförteckning 2021\n\nDnr;Rubrik\nKS 2021/0456;Detaljplan\n"
    parsed = parse_registry_csv(text.encode())
    assert [(r.line, r.case_number) for r in parsed.rows] == [(4, KS_456)]


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_a_format_error(data):
    with pytest.raises(RegistryFormatError, match="empty"):
        parse_registry_csv(data)


def test_a_file_without_a_case_number_column_is_a_format_error():
    with pytest.raises(RegistryFormatError, match="header"):
        parse_registry_csv(b"namn;adress\nAnna;Storgatan 1\n")


def test_errors_do_not_quote_names():
    text = "Dnr;Lnr;Riktning;Avsändare\nKS 2021/0456;1;sideways;Anna Andersson\n"
    (error,) = parse_registry_csv(text.encode()).errors
    assert "Anna" not in error.reason


def test_the_grammar_is_used_for_case_numbers():
    text = "Diarienummer;Rubrik\n2000-2026;Tvetydig ordning\n"
    assert parse_registry_csv(text.encode()).errors
    rows = cases(text.encode(), Grammar(order="serial-year"))
    assert rows[0].case_number == CaseNumber(None, 2026, 2000)


def test_lansstyrelsen_export():
    files = sorted((LANSSTYRELSEN / "lansstyrelsen-diarium").glob("*.csv"))
    if not files:
        pytest.skip("corpus not present")
    parsed = parse_registry_csv(files[0].read_bytes())
    assert (parsed.kind, parsed.errors, len(parsed.rows)) == ("cases", [], 29)
    first = parsed.rows[0]
    assert isinstance(first, CaseRow)
    assert (first.case_number, first.opened, first.status) == (
        CaseNumber(None, 2026, 18981),
        date(2026, 5, 5),
        "Handläggning",
    )
    assert first.title.startswith("Förfrågan om handlingarna")


def test_a_hundred_thousand_rows():
    directions = ["I", "U", "N"]
    lines = ["Diarienummer;Löpnummer;Registreringsdatum;Riktning;Avsändare;Beskrivning"]
    for i in range(100_000):
        serial, doc = divmod(i, 10)
        serial += 1
        lines.append(
            f"KS {2010 + serial % 12}/{serial:04d};{doc + 1};2021{1 + i % 12:02d}{1 + i % 28:02d};"
            f"{directions[i % 3]};Motpart {i % 97};Handling {i}"
        )
    lines[50_001] = "trasig;1;20210101;I;;"
    parsed = parse_registry_csv("\r\n".join(lines).encode("cp1252"))
    assert parsed.kind == "documents"
    assert len(parsed.rows) == 99_999
    assert parsed.errors == [RowError(50_002, parsed.errors[0].reason)]
    last = parsed.rows[-1]
    assert isinstance(last, DocumentRow)
    assert (last.case_number, last.doc_number, last.direction) == (
        CaseNumber("KS", 2010 + 10_000 % 12, 10_000),
        10,
        "incoming",  # 99_999 % 3 == 0 -> "I"
    )
    assert last.date == date(2021, 1 + 99_999 % 12, 1 + 99_999 % 28)

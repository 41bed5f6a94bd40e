"""Hypothesis against the parsers that read what strangers write: case numbers (parse, find_all,
the registry import's fast path), forwarded-mail headers (split_forwards, dates, the child
email) and registry exports. No exception but the documented ones, and round trips hold."""

from __future__ import annotations

import email
import email.header
import re
from datetime import date, datetime
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.casenumbers import DEFAULT_GRAMMAR, CaseNumber, Grammar, find_all, parse
from bot.forwards import parse_date, split_forwards, to_eml
from bot.registry_csv import RegistryFormatError, parse_cell, parse_registry_csv

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GRAMMARS = st.sampled_from([DEFAULT_GRAMMAR, Grammar(boards=("KS", "BN", "MBN")),
                            Grammar(max_serial_digits=4, min_year=2000),
                            Grammar(order="serial-year")])
NUMBERISH = st.text(alphabet="KSBNMmbkl0123456789 /-–._:()Dnr\n\tOIl|", max_size=60)
TEXT = st.one_of(st.text(max_size=300), NUMBERISH)


@FUZZ
@given(TEXT, GRAMMARS, st.booleans())
def test_finding_case_numbers_never_fails_and_finds_are_where_they_say(text, grammar, ocr):
    found = find_all(text, grammar, ocr_tolerant=ocr)
    for one in found:
        assert text[one.start:one.end] == one.raw
        assert one.number.serial > 0 and grammar.min_year <= one.number.year <= grammar.max_year
    assert all(a.end <= b.start for a, b in pairwise(found))


@FUZZ
@given(TEXT, GRAMMARS)
def test_parsing_a_cell_never_fails(text, grammar):
    number = parse(text, grammar)
    assert number is None or isinstance(number, CaseNumber)


CANONICAL = st.builds(
    lambda board, year, serial, doc: f"{board} {year:04d}/{serial}" + (f"-{doc}" if doc else ""),
    st.text(alphabet="KSBNMFIOöåäÅÄÖkslrtv", min_size=1, max_size=6),
    st.integers(0, 9999), st.from_regex(r"[0-9]{1,9}", fullmatch=True),
    st.one_of(st.none(), st.integers(0, 999_999)))


@FUZZ
@given(CANONICAL, GRAMMARS)
def test_the_registry_imports_fast_path_reads_as_parse_does(raw, grammar):
    assert parse_cell(raw, grammar) == parse(raw, grammar)


BOARDS = st.text(alphabet="ABCDEFGHJKLMNPRSTUVWXYÅÄÖ", min_size=1, max_size=6).filter(
    lambda b: b.lower() not in DEFAULT_GRAMMAR.stopwords)
NUMBERS = st.builds(CaseNumber, st.one_of(st.none(), BOARDS), st.integers(1980, 2100),
                    st.integers(1, 999_999), st.one_of(st.none(), st.integers(1, 999)))


@FUZZ
@given(NUMBERS)
def test_a_written_case_number_reads_back_as_itself(number):
    written = number.display()
    assert parse(written) == number
    assert [f.number for f in find_all(f"Diarienummer: {written}. Med vänlig hälsning")] == [
        number]


@FUZZ
@given(st.text(max_size=2000), st.one_of(st.none(), st.text(max_size=200)))
def test_splitting_any_body_never_fails_and_its_messages_make_emails(body, subject):
    chain = split_forwards(body, subject)
    for message in chain.messages:
        if message.date:
            (datetime if "T" in message.date else date).fromisoformat(message.date)
        parsed = email.message_from_bytes(to_eml(message))
        assert parsed.get_payload(decode=True).decode("utf-8") == message.body


@FUZZ
@given(st.text(max_size=120))
def test_any_date_text_gives_an_iso_date_or_none(text):
    found = parse_date(text)
    assert found is None or (datetime if "T" in found else date).fromisoformat(found)


WORDS = st.from_regex(r"[A-Za-zÅÄÖåäö][A-Za-zÅÄÖåäö ]{0,30}[A-Za-zÅÄÖåäö]", fullmatch=True)


@FUZZ
@given(WORDS, WORDS, WORDS, st.integers(1, 6))
def test_a_forward_written_as_outlook_does_reads_back(name, subject, body, depth):
    text = "Se nedan.\n"
    for level in range(depth):
        text += (f"\n-----Ursprungligt meddelande-----\nFrån: {name} <avs{level}@exempelby.se>\n"
                 f"Skickat: den 4 december 2024 10:{level:02d}\nTill: diariet@exempelby.se\n"
                 f"Ämne: {subject}\n\n{body} {level}\n")
    chain = split_forwards(text)
    assert len(chain.messages) == depth
    assert chain.note == "Se nedan."
    for level, message in enumerate(chain.messages):
        assert message.subject == " ".join(subject.split())
        assert message.sender and f"avs{level}@exempelby.se" in message.sender
        assert message.date and message.date.startswith("2024-12-04")
        assert re.sub(r"\s+", " ", message.body).startswith(f"{' '.join(body.split())} {level}")


@FUZZ
@given(st.binary(max_size=3000))
def test_a_registry_export_of_any_bytes_is_rows_errors_or_a_format_error(data):
    try:
        parsed = parse_registry_csv(data)
    except RegistryFormatError:
        return
    lines = [r.line for r in parsed.rows] + [e.line for e in parsed.errors]
    assert len(lines) == len(set(lines)) and all(line >= 2 for line in lines)


ROWS = st.lists(st.tuples(st.integers(1, 9999), st.text(alphabet='abc ;"\n', max_size=12)),
                min_size=1, max_size=40)


@FUZZ
@given(ROWS)
def test_every_line_of_a_damaged_export_is_a_row_an_error_or_inside_one(rows):
    lines_written = [f"KS 2021/{serial:04d};{title};2021-03-01" for serial, title in rows]
    text = "Diarienummer;Rubrik;Startdatum\n" + "\n".join(lines_written) + "\n"
    parsed = parse_registry_csv(text.encode())
    lines = [r.line for r in parsed.rows] + [e.line for e in parsed.errors]
    assert len(lines) == len(set(lines)) and all(2 <= n <= text.count("\n") for n in lines)
    if not any(set(title) & set('";\n') for _serial, title in rows):
        assert (len(parsed.rows), parsed.errors) == (len(rows), [])  # clean rows all import

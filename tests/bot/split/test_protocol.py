"""Protocols: recognised by their front matter and `§ N` headings; each paragraph naming a case
becomes a part with only its own text, matched to the decision extract of that meeting."""

from __future__ import annotations

from bot.casenumbers import DEFAULT_GRAMMAR
from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.output import items_json
from bot.registry import import_registry_csv
from bot.split.protocol import by_protocol
from bot.split.signals import PageSignal
from bot.worker import run_until_idle
from tests.bot.split.helpers import join
from tests.conftest import make_pdf

HEAD = "Kommunstyrelsen  SAMMANTRÄDESPROTOKOLL  2021-03-15  Sida {n} (3)"
PAGES = [
    [HEAD.format(n=1), "PROTOKOLL", "Kommunstyrelsen", "Sammanträdesdatum 2021-03-15",
     "Justerare: Per Ek", "Paragrafer §§ 44-47", "§ 44", "Val av justerare",
     "Per Ek utses att justera protokollet.", "§ 45 Detaljplan för Tegelviken 3:14",
     "Dnr KS 2021/0456", "Kommunstyrelsen beslutar att anta planen."],
    [HEAD.format(n=2), "Beslutet gäller enligt § 12 i reglementet.",
     "§ 46", "Delårsrapport januari-augusti 2020", "Dnr: KS 2020/0102",
     "Beslut", "Kommunstyrelsen beslutar att godkänna delårsrapporten."],
    [HEAD.format(n=3), "§ 47", "Bygglov, Kvarnbacken 2:7", "Diarienummer BN 2021/0456",
     "Beslut", "Ärendet återremitteras.", "Justerandes signatur"],
]


def _signals(pages: list[list[str]]) -> list[PageSignal]:
    return [PageSignal(n, "\n".join(lines), False) for n, lines in enumerate(pages, start=1)]


def test_a_protocol_is_cut_into_its_case_paragraphs_and_the_whole():
    plan = by_protocol(_signals(PAGES), DEFAULT_GRAMMAR)
    assert plan is not None and plan.kind == "protocol"
    whole, *paragraphs = plan.parts
    assert (whole.role, whole.first, whole.last) == ("protocol", 1, 3)
    assert whole.meta["protocol"]["date"] == "2021-03-15"
    assert whole.meta["protocol"]["board"] == "Kommunstyrelsen"
    assert whole.meta["protocol"]["paragraphs"] == [44, 45, 46, 47]
    found = [(p.meta["paragraph"]["number"], p.meta["paragraph"]["case_number"], p.first, p.last)
             for p in paragraphs]
    assert found == [(45, "KS 2021/0456", 1, 2), (46, "KS 2020/0102", 2, 2),
                     (47, "BN 2021/0456", 3, 3)]
    assert "Delårsrapport" not in paragraphs[0].texts[1]  # only its own text
    assert "beslutar att godkänna" in paragraphs[1].meta["paragraph"]["decision"]


def test_a_heading_lost_by_ocr_leaves_a_gap_not_a_wrong_cut():
    pages = [list(p) for p in PAGES]
    pages[1][2] = "46"  # OCR lost the §
    plan = by_protocol(_signals(pages), DEFAULT_GRAMMAR)
    numbers = [p.meta["paragraph"]["number"] for p in plan.parts[1:]]
    assert numbers == [45, 47]


def test_a_letter_quoting_paragraphs_is_no_protocol():
    letter = [["Yttrande", "Dnr KS 2021/0456", "Enligt § 45 och § 46 i planen gäller att",
               "§ 47 ska tillämpas.", "Med vänlig hälsning"]]
    assert by_protocol(_signals(letter), DEFAULT_GRAMMAR) is None


EXTRACTS = """case_number,doc_number,date,direction,counterpart,description
KS 2021/0456,4,2021-01-20,internal,Kommunstyrelsen,Protokollsutdrag KS 2021-01-20 § 3
KS 2021/0456,5,2021-03-15,internal,Kommunstyrelsen,Protokollsutdrag KS 2021-03-15 § 45
KS 2020/0102,2,2021-03-15,internal,Kommunstyrelsen,Protokollsutdrag KS 2021-03-15 § 46
"""
WHOLE_CASE = """case_number,title,board,opened,status,handler
KS 2021/0001,Protokoll kommunstyrelsen 2021,Kommunstyrelsen,2021-01-02,pågående,Per Ek
"""
WHOLE_DOCS = """case_number,doc_number,date,direction,counterpart,description
KS 2021/0001,1,2021-01-20,internal,Kommunstyrelsen,Protokoll KS 2021-01-20
KS 2021/0001,2,2021-03-15,internal,Kommunstyrelsen,Protokoll KS 2021-03-15
"""


def test_paragraphs_are_matched_to_their_extract_and_the_protocol_to_its_record(registry,
                                                                              tmp_path):
    for data in (EXTRACTS, WHOLE_CASE, WHOLE_DOCS):
        with session_scope(registry.engine) as session:
            import_registry_csv(session, data.encode(), registry.grammar)
    (tmp_path / "protokoll.pdf").write_bytes(join([make_pdf(p) for p in PAGES]))
    ingest_paths(registry, [tmp_path / "protokoll.pdf"], "sekreterare")
    run_until_idle(registry)
    with session_scope(registry.engine) as session:
        items = items_json(session)
    parent, *parts = items
    assert parent["state"] == "split"
    found = {(p["role"], (p["paragraph"] or {}).get("number")): p["proposals"][0] for p in parts}
    assert {k: (v["case_number"], v["doc_number"], v["confidence"]) for k, v in found.items()} == {
        ("protocol", None): ("KS 2021/0001", 2, "high"),
        ("paragraph", 45): ("KS 2021/0456", 5, "high"),  # not the January extract (doc 4)
        ("paragraph", 46): ("KS 2020/0102", 2, "high"),
        ("paragraph", 47): ("BN 2021/0456", None, "medium")}  # no extract registered
    assert any("§ 45" in r for r in found[("paragraph", 45)]["reasons"])


def _split(registry, tmp_path, pdf: bytes) -> list[dict]:
    (tmp_path / "bunt.pdf").write_bytes(pdf)
    ingest_paths(registry, [tmp_path / "bunt.pdf"], "skrivare")
    run_until_idle(registry)
    with session_scope(registry.engine) as session:
        return items_json(session)


def test_a_blank_page_inside_a_protocol_does_not_cut_it(registry, tmp_path):
    from tests.bot.split.helpers import blank
    pdfs = [make_pdf(PAGES[0]), blank(), make_pdf(PAGES[1]), make_pdf(PAGES[2])]
    parent, *parts = _split(registry, tmp_path, join(pdfs))
    assert parent["state"] == "split"
    assert [p["role"] for p in parts] == ["protocol", "paragraph", "paragraph", "paragraph"]
    assert parts[0]["pages"] == [1, 4]


def test_a_protocol_behind_a_blank_separator_is_cut_into_its_paragraphs(registry, tmp_path):
    from tests.bot.split.helpers import blank, letter
    pdfs = [letter("KS 2021/0456", "Yttrande", 2), blank(), *(make_pdf(p) for p in PAGES)]
    items = _split(registry, tmp_path, join(pdfs))
    parent = items[0]
    parts = [i for i in items if i["parent_id"] == parent["id"]]
    assert [(p["pages"], p["state"]) for p in parts] == [([1, 2], "queued"), ([4, 6], "split")]
    extracts = [i for i in items if i["parent_id"] == parts[1]["id"]]
    assert [(e["role"], e["pages"]) for e in extracts] == [
        ("protocol", [4, 6]), ("paragraph", [4, 5]), ("paragraph", [5, 5]),
        ("paragraph", [6, 6])]
    assert [e["paragraph"]["number"] for e in extracts[1:]] == [45, 46, 47]


OTHER_SHAPE = [  # another municipality's layout: board before §, the date in words
    ["Barn- och utbildningsnämnden", "SAMMANTRÄDESPROTOKOLL", "Datum för anslag 2021-03-22",
     "Sammanträdesdatum: måndagen 15 mars 2021", "Justerare Per Ek", "Beslutande Anna Berg",
     "BUN § 12. Val av justerare", "Per Ek utses.", "BUN § 13 Skolskjuts, riktlinjer",
     "Diarienummer BUN 2021/0031", "Se § 12 ovan.", "Nämnden beslutar att anta riktlinjerna."],
    ["BUN§14", "Lokalförsörjning", "Dnr BUN 2020/0200", "Beslut", "Ärendet bordläggs.",
     "Justerandes signatur"],
]
OTHER_CASES = """case_number,title,board,opened,status,handler
BUN 2021/0031,Riktlinjer för skolskjuts,Barn- och utbildningsnämnden,2021-01-10,pågående,Per Ek
BUN 2020/0200,Lokalförsörjning,Barn- och utbildningsnämnden,2020-05-02,pågående,Per Ek
"""
OTHER_EXTRACTS = """case_number,doc_number,date,direction,counterpart,description
BUN 2021/0031,3,2021-03-19,outgoing,Skolskjutsenheten,Beslut BUN § 13 skolskjuts
BUN 2021/0031,2,2021-02-01,internal,,Tjänsteskrivelse skolskjuts
BUN 2020/0200,6,2021-03-16,internal,,Protokollsutdrag BUN 2021-02-22 § 14
BUN 2020/0200,7,2021-04-02,internal,,Protokollsutdrag BUN 15 mars 2021 § 14
"""


def test_another_layout_board_before_the_paragraph_sign_and_a_date_in_words():
    plan = by_protocol(_signals(OTHER_SHAPE), DEFAULT_GRAMMAR)
    assert plan is not None
    assert plan.parts[0].meta["protocol"]["date"] == "2021-03-15"  # not the posting date
    assert plan.parts[0].meta["protocol"]["paragraphs"] == [12, 13, 14]
    found = [(p.meta["paragraph"]["number"], p.meta["paragraph"]["case_number"], p.first,
              p.last) for p in plan.parts[1:]]
    assert found == [(13, "BUN 2021/0031", 1, 1), (14, "BUN 2020/0200", 2, 2)]


def test_extracts_registered_days_later_or_dated_in_words_are_found(registry, tmp_path):
    for data in (OTHER_CASES, OTHER_EXTRACTS):
        with session_scope(registry.engine) as session:
            import_registry_csv(session, data.encode(), registry.grammar)
    (tmp_path / "bun.pdf").write_bytes(join([make_pdf(p) for p in OTHER_SHAPE]))
    ingest_paths(registry, [tmp_path / "bun.pdf"], "sekreterare")
    run_until_idle(registry)
    with session_scope(registry.engine) as session:
        items = items_json(session)
    paragraphs = {p["paragraph"]["number"]: p["proposals"][0] for p in items
                  if p["role"] == "paragraph"}
    assert {n: (p["case_number"], p["doc_number"], p["confidence"])
            for n, p in paragraphs.items()} == {13: ("BUN 2021/0031", 3, "high"),
                                                14: ("BUN 2020/0200", 7, "high")}


LATER_WHOLE = """case_number,doc_number,date,direction,counterpart,description
KS 2021/0001,1,2021-03-15,internal,Kommunstyrelsen,Protokoll KS 2021-03-01
KS 2021/0001,2,2021-03-19,internal,Kommunstyrelsen,Protokoll kommunstyrelsen 15 mars 2021
KS 2021/0001,3,2021-04-02,internal,Kommunstyrelsen,Protokoll KS 2021-03-29
"""


def test_the_whole_protocol_registered_days_later_naming_its_meeting(registry, tmp_path):
    for data in (WHOLE_CASE, LATER_WHOLE):
        with session_scope(registry.engine) as session:
            import_registry_csv(session, data.encode(), registry.grammar)
    items = _split(registry, tmp_path, join([make_pdf(p) for p in PAGES]))
    whole = next(i for i in items if i["role"] == "protocol")["proposals"][0]
    assert (whole["case_number"], whole["doc_number"], whole["confidence"]) == (
        "KS 2021/0001", 2, "high")  # not doc 1, registered on the meeting day for another


def test_headings_written_paragraf_or_without_a_space_are_paragraphs():
    pages = [[line.replace("§ 45", "Paragraf 45").replace("§ 46", "§46.")
              .replace("§ 47", "KS Paragraf 47") for line in page] for page in PAGES]
    plan = by_protocol(_signals(pages), DEFAULT_GRAMMAR)
    assert plan is not None
    assert [p.meta["paragraph"]["number"] for p in plan.parts[1:]] == [45, 46, 47]
    assert plan.parts[0].meta["protocol"]["paragraphs"] == [44, 45, 46, 47]


def test_a_paragraf_quoted_in_a_letter_is_no_heading():
    letter = [["Yttrande", "Dnr KS 2021/0456", "Protokoll från samrådet, justerare Per Ek",
               "Paragraf 3 i avtalet gäller.", "Med vänlig hälsning"]]
    assert by_protocol(_signals(letter), DEFAULT_GRAMMAR) is None


def test_a_heading_whose_section_sign_ocr_read_as_8_fills_its_gap_only():
    pages = [[line.replace("§ 4", "KS § 4") if line.startswith("§ 4") else line
              for line in page] for page in PAGES]
    pages[1][2] = "KS846"  # OCR glued the board to a § read as 8
    pages[1][1] = "KS812 gäller enligt reglementet."  # no gap for 12 to fill
    plan = by_protocol(_signals(pages), DEFAULT_GRAMMAR)
    assert plan is not None
    assert plan.parts[0].meta["protocol"]["paragraphs"] == [44, 45, 46, 47]
    assert [p.meta["paragraph"]["case_number"] for p in plan.parts[1:]] == [
        "KS 2021/0456", "KS 2020/0102", "BN 2021/0456"]


def test_a_heading_that_lost_its_leading_digit_fills_its_gap_with_the_next_number():
    pages = [list(p) for p in PAGES]
    pages[1][2] = "§ 6"  # OCR read "§46" as "§ 6": the 4 went into the §
    plan = by_protocol(_signals(pages), DEFAULT_GRAMMAR)
    assert plan is not None
    assert plan.parts[0].meta["protocol"]["paragraphs"] == [44, 45, 46, 47]
    assert [(p.meta["paragraph"]["number"], p.first, p.last) for p in plan.parts[1:]] == [
        (45, 1, 2), (46, 2, 2), (47, 3, 3)]


def test_a_case_number_whose_year_ocr_split_is_still_the_paragraphs():
    pages = [list(p) for p in PAGES]
    pages[1][4] = "Dnr: KS 202 0/0102"
    plan = by_protocol(_signals(pages), DEFAULT_GRAMMAR)
    assert plan is not None
    assert [p.meta["paragraph"]["case_number"] for p in plan.parts[1:]] == [
        "KS 2021/0456", "KS 2020/0102", "BN 2021/0456"]

"""The split benchmark's generators tell the truth (pages, separators, records) and its scorer
counts a wrong cut as wrong."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import pypdfium2

from bench import batches, meetingpacks, protocol_pdf, protocols, split_score
from bench.registry import iter_registry
from bot.casenumbers import DEFAULT_GRAMMAR
from bot.split import barcodes
from bot.split.coversheet import read_payload


def test_a_cover_sheet_batch_has_its_sheets_where_the_truth_says():
    rng = random.Random(4)
    registry = list(iter_registry(4, 60, 200))
    batch = batches.make(rng, batches.pick_records(rng, registry, 4), "cover", 10)
    doc = pypdfium2.PdfDocument(batch.pdf)
    assert len(doc) == batch.page_count == 13 and batch.set_aside == [
        d.pages[0] - 1 for d in batch.documents[1:]]
    for page, document in zip(batch.set_aside, batch.documents[1:], strict=True):
        grey = np.array(doc[page - 1].render(scale=2, grayscale=True).to_pil().convert("L"))
        (number,) = [read_payload(t, DEFAULT_GRAMMAR) for t in barcodes.read(grey)]
        assert (number.without_doc().display(), number.doc) == (document.case_number,
                                                         document.doc_number)


def test_a_protocol_records_its_extracts_in_the_registry_and_its_pages():
    rng = random.Random(5)
    registry = list(iter_registry(5, 200, 600))
    protocol = protocols.plan(rng, registry, "KS", date(2022, 5, 9), 20)
    protocol_pdf.render(protocol, rng)
    records = {(d.case_number, d.doc_number): d.description for _, docs in registry
               for d in docs}
    cases = [p for p in protocol.paragraphs if p.case_number]
    assert len(cases) == 20
    style = protocol.style
    for para in cases:
        assert records[(para.case_number, para.record)] == style.extract.format(
            board="KS", iso="2022-05-09", words="9 maj 2022", n=para.number)
        text = pypdfium2.PdfDocument(protocol.pdf)[para.pages[0] - 1].get_textpage()
        heading = style.heading.format(board="KS", n=para.number, title=para.title)
        assert heading.split(" ")[0] + " " in text.get_text_bounded()
        assert f"§{para.number}" in text.get_text_bounded().replace("§ ", "§")
    assert records[protocol.whole] == "Protokoll KS 2022-05-09"


def test_the_scorer_counts_a_wrong_cut_as_wrong():
    truth = {"pages": 5, "documents": [{"case_number": "KS 2021/0001", "doc_number": 1,
                                        "pages": [1, 2]},
                                       {"case_number": "KS 2021/0002", "doc_number": 1,
                                        "pages": [4, 5]}]}
    parent = {"id": 1, "parent_id": None, "state": "split",
              "set_aside": [{"page": 3, "reason": "x"}]}
    good = {"case_number": "KS 2021/0001", "doc_number": 1}
    items = [parent, {"id": 2, "parent_id": 1, "pages": [1, 2], "role": "document",
                      "proposals": [good]},
             {"id": 3, "parent_id": 1, "pages": [4, 4], "role": "document", "proposals": []}]
    tally = split_score.Tally()
    split_score.batch(tally, "t", parent, items, truth)
    rows = {k: (ok, n) for k, ok, n in tally.rows()}
    assert rows["t: documents split right"] == (1, 2)
    assert rows["t: batches with every page accounted for"] == (0, 1)
    assert rows["t: documents matched to the right record"] == (1, 2)


def test_a_meeting_pack_is_its_agenda_then_the_underlag_of_each_case_in_turn():
    rng = random.Random(6)
    registry = list(iter_registry(6, 300, 1500))
    pack = meetingpacks.make(rng, registry, "BN", date(2023, 5, 8), 6, 6)
    doc = pypdfium2.PdfDocument(pack.pdf)
    records = {(d.case_number, d.doc_number): d for _, docs in registry for d in docs}
    agenda = doc[0].get_textpage().get_text_range()
    assert len(pack.cases) == 6 and pack.agenda[0] == 1
    assert all(c.case_number in agenda.replace("\r", "") for c in pack.cases)
    ends = [pack.agenda[1], *(d.pages[1] for d in pack.documents)]
    assert [d.pages[0] for d in pack.documents] == [e + 1 for e in ends[:-1]]
    assert ends[-1] == len(doc)
    order = [c.case_number for c in pack.cases]
    assert sorted(pack.documents, key=lambda d: order.index(d.case_number)) == pack.documents
    for document in pack.documents:
        assert 1 <= document.pages[1] - document.pages[0] + 1 <= 5
        assert records[(document.case_number, document.doc_number)].date < pack.meeting


def test_the_scorer_counts_a_meeting_pack_cut_short_as_wrong():
    truth = {"pages": 5, "agenda": [1, 1], "documents": [
        {"case_number": "KS 2021/0001", "doc_number": 2, "pages": [2, 3]},
        {"case_number": "KS 2021/0002", "doc_number": 1, "pages": [4, 5]}]}
    parent = {"id": 1, "parent_id": None, "state": "split", "set_aside": []}
    right = {"case_number": "KS 2021/0001", "doc_number": 2}
    items = [parent, {"id": 2, "parent_id": 1, "pages": [1, 1], "role": "document",
                      "proposals": []},
             {"id": 3, "parent_id": 1, "pages": [2, 3], "role": "document",
              "proposals": [right]},
             {"id": 4, "parent_id": 1, "pages": [4, 4], "role": "document", "proposals": []}]
    tally = split_score.Tally()
    split_score.pack(tally, "t", parent, items, truth)
    rows = {k: (ok, n) for k, ok, n in tally.rows()}
    assert rows["t: packs cut into the right documents"] == (0, 1)
    assert rows["t: packs with every page accounted for"] == (0, 1)
    assert rows["t: agenda (kallelse) one part"] == (1, 1)
    assert rows["t: real boundaries cut (recall)"] == (2, 2)
    assert rows["t: boundaries cut that are real (precision)"] == (2, 2)
    assert rows["t: documents split right"] == (1, 2)
    assert rows["t: documents matched to the right record"] == (1, 2)
    whole = {**parent, "state": "matched",
             "proposed_split": {"boundaries": [{"page": 2}, {"page": 3}]}}
    tally = split_score.Tally()
    split_score.pack(tally, "t", whole, [whole], truth)
    rows = {k: (ok, n) for k, ok, n in tally.rows()}
    assert rows["t: packs cut automatically"] == (0, 1)
    assert rows["t: boundaries cut that are real (precision)"] == (1, 2)
    assert rows["t: real boundaries cut (recall)"] == (1, 2)

"""The bench's scoring of product items against truth, on hand-made items."""

from __future__ import annotations

from typing import Any

import pytest

from bench.match import normalise_case_number, parse_items, report, score


def proposal(case: str, doc: int | None, confidence: str) -> dict[str, Any]:
    return {"case_number": case, "doc_number": doc, "score": 0.5, "confidence": confidence,
            "reasons": []}


def item(item_id: int, filename: str, *proposals: dict[str, Any], parent: int | None = None,
         duplicate_of: int | None = None, sha: str = "", media: str = "application/pdf"):
    return {"id": item_id, "parent_id": parent, "filename": filename, "media_type": media,
            "sha256": sha or f"sha-{item_id}", "state": "queued", "duplicate_of": duplicate_of,
            "submitter": "anna.berg@example.se", "channel": "cli", "proposals": list(proposals)}


def truth(file: str, case: str | None, doc: int | None, has_number: bool = True,
          form: str = "text_pdf", duplicate_of: str | None = None, kind: str | None = None):
    return {"file": file, "case_number": case, "doc_number": doc, "has_case_number": has_number,
            "form": form, "duplicate_of": duplicate_of, "duplicate_kind": kind,
            "foreign": case is None}


TRUTH = [
    truth("a.pdf", "KS 2021/0456", 3),
    truth("b.pdf", "BN 2019/0012", 1, has_number=False),
    truth("c.eml", "SN 2020/0007", 2, form="email"),
    truth("d.pdf", None, None, has_number=False),
    truth("e.pdf", "KS 2021/0456", 3, duplicate_of="a.pdf", kind="exact"),
    truth("f.jpg", "BN 2019/0012", 1, has_number=False, form="scan", duplicate_of="b.pdf",
          kind="near"),
    truth("g.pdf", "TN 2018/0001", 1, has_number=False),
]
ITEMS = [
    item(1, "a.pdf", proposal("KS 2021/456", 3, "high")),
    item(2, "b.pdf", proposal("BN 2019/0013", None, "medium"), proposal("BN 2019/0012", 1, "low")),
    item(3, "c.eml", media="message/rfc822"),
    item(4, "c.pdf", proposal("SN-2020-0007", 1, "high"), parent=3),
    item(5, "d.pdf", proposal("KS 2021/0456", None, "high")),
    item(6, "e.pdf", duplicate_of=1),
    item(7, "f.jpg", media="image/jpeg"),
]


@pytest.mark.parametrize("raw", ["KS 2021/0456", "ks 2021/456", "KS-2021-0456", " KS2021/0456 "])
def test_case_numbers_compare_by_normalised_form(raw):
    assert normalise_case_number(raw) == "KS 2021/0456"


def test_scores_of_a_hand_made_run():
    scores = score(ITEMS, TRUTH)
    figures = {name: (value["n"], value["hits"]) for name, value in scores.as_dict().items()
               if name not in ("missing", "top1_by_form")}
    assert figures == {
        "case_top1_with_number": (2, 2),
        "case_top1_without_number": (2, 0),
        "case_top3_all": (4, 3),
        "doc_top1": (4, 1),
        "high_precision": (3, 1),
        "high_precision_case": (3, 2),
        "high_without_record": (2, 0),
        "high_share": (5, 3),
        "foreign_high": (1, 1),
        "exact_duplicates_linked": (1, 1),
        "near_duplicates_linked": (1, 0),
        "mail_items_top1": (0, 0),
    }
    assert scores.missing == ["g.pdf"]
    by_form = {k: (v["n"], v["hits"]) for k, v in scores.as_dict()["top1_by_form"].items()}
    assert by_form == {"email": (1, 1), "text_pdf": (3, 1)}


def test_email_is_scored_by_its_own_proposals_when_the_attachment_has_none():
    items = [item(3, "c.eml", proposal("SN 2020/0007", 2, "high"), media="message/rfc822"),
             item(4, "c.pdf", parent=3)]
    scores = score(items, [truth("c.eml", "SN 2020/0007", 2, form="email")])
    assert (scores.case_top1_with_number.hits, scores.doc_top1.hits) == (1, 1)


def test_files_kept_once_for_the_same_bytes_are_found_by_content_and_count_as_linked():
    items = [item(1, "e.pdf", proposal("KS 2021/0456", 3, "high"), sha="same")]
    rows = [truth("a.pdf", "KS 2021/0456", 3),
            truth("e.pdf", "KS 2021/0456", 3, duplicate_of="a.pdf", kind="exact")]
    scores = score(items, rows, {"a.pdf": "same", "e.pdf": "same"})
    assert scores.missing == []
    assert scores.exact_duplicates_linked.rate == 1.0
    assert scores.case_top1_with_number.rate == 1.0


def test_duplicate_link_counts_in_either_direction_and_through_attachments():
    items = [item(1, "a.pdf", duplicate_of=4), item(3, "e.eml", media="message/rfc822"),
             item(4, "x.pdf", parent=3)]
    rows = [truth("a.pdf", "KS 2021/0456", 3),
            truth("e.eml", "KS 2021/0456", 3, form="email", duplicate_of="a.pdf", kind="exact")]
    assert score(items, rows).exact_duplicates_linked.hits == 1


def test_items_json_is_parsed_after_log_lines():
    assert parse_items('INFO starting\n[{"id": 1}]\n') == [{"id": 1}]
    with pytest.raises(ValueError):
        parse_items("no json here")


def test_report_lists_every_figure_and_the_time_per_file():
    text = report(score(ITEMS, TRUTH), {"process": 3.5}, files=7)
    assert "case top-1, no case number" in text
    assert "near duplicates linked" in text
    assert "0.500" in text


def test_an_original_the_product_linked_as_the_copy_is_scored_through_its_primary():
    items = [item(1, "copy.pdf", proposal("KS 2021/0456", 3, "high")),
             item(2, "original.pdf", duplicate_of=1)]
    rows = [truth("original.pdf", "KS 2021/0456", 3),
            truth("copy.pdf", "KS 2021/0456", 3, duplicate_of="original.pdf", kind="exact")]
    scores = score(items, rows)
    assert (scores.case_top1_with_number.n, scores.case_top1_with_number.hits) == (1, 1)
    assert scores.exact_duplicates_linked.hits == 1


def test_a_duplicate_with_proposals_of_its_own_is_scored_by_them():
    items = [item(1, "a.pdf", proposal("KS 2021/0456", 3, "high")),
             item(2, "b.pdf", proposal("BN 2019/0012", 1, "high"), duplicate_of=1)]
    scores = score(items, [truth("b.pdf", "BN 2019/0012", 1)])
    assert scores.case_top1_with_number.hits == 1

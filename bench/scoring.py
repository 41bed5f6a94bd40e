"""Scores the product's items (``diariebot items --json``) against a municipality's truth.json."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

Item = dict[str, Any]
CASE_NUMBER = re.compile(r"([A-ZÅÄÖ]+)\s*[-\s]?\s*(\d{4})\s*[/-]\s*(\d{1,5})")


def normalise_case_number(value: str | None) -> str | None:
    """'ks-2021-456', 'KS 2021/0456' and ' KS2021/456 ' all become 'KS 2021/0456'."""
    if not value:
        return None
    text = value.strip().upper()
    match = CASE_NUMBER.fullmatch(re.sub(r"\s+", " ", text))
    if match is None:
        return re.sub(r"\s+", "", text)
    board, year, serial = match.groups()
    return f"{board} {year}/{int(serial):04d}"


@dataclass
class Ratio:
    """hits out of n."""

    n: int = 0
    hits: int = 0

    def add(self, hit: bool) -> None:
        self.n += 1
        self.hits += int(hit)

    @property
    def rate(self) -> float | None:
        return self.hits / self.n if self.n else None

    def as_dict(self) -> dict[str, Any]:
        return {"n": self.n, "hits": self.hits, "rate": self.rate}


class ItemIndex:
    """Items by id, top-level items by file name, children by parent."""

    def __init__(self, items: list[Item]) -> None:
        self.by_id = {str(item["id"]): item for item in items}
        self.children: dict[str, list[Item]] = defaultdict(list)
        self.top: dict[str, Item] = {}
        self.top_by_sha: dict[str, Item] = {}
        for item in items:
            if item.get("parent_id") is None:
                self.top.setdefault(PurePosixPath(str(item.get("filename"))).name, item)
                self.top_by_sha.setdefault(str(item.get("sha256")), item)
            else:
                self.children[str(item["parent_id"])].append(item)

    def find(self, file: str, hashes: dict[str, str]) -> Item | None:
        """The top-level item of a file: by name, else by content (the product may have kept
        one item for two files with the same bytes)."""
        name = PurePosixPath(file).name
        found = self.top.get(name)
        if found is None and file in hashes:
            found = self.top_by_sha.get(hashes[file])
        return found

    def group(self, item: Item) -> set[str]:
        """Ids of the item and everything unpacked from it."""
        ids, todo = set(), [item]
        while todo:
            current = todo.pop()
            ids.add(str(current["id"]))
            todo += self.children.get(str(current["id"]), [])
        return ids

    def descendants(self, top: Item) -> list[Item]:
        """Everything unpacked from the item, breadth first (a forwarded message's attachment
        after the message)."""
        found, todo = [], list(self.children.get(str(top["id"]), []))
        while todo:
            current = todo.pop(0)
            found.append(current)
            todo += self.children.get(str(current["id"]), [])
        return found

    def scored(self, top: Item) -> Item:
        """The item whose proposals count: the document an e-mail carries (also inside a message
        forwarded as an attachment) if it has proposals, else the item."""
        below = [c for c in self.descendants(top) if c.get("proposals")]
        pdfs = [c for c in below if c.get("media_type") == "application/pdf"]
        return (pdfs or below or [self.primary(top)])[0]

    def primary(self, item: Item) -> Item:
        """A copy the product linked as a duplicate and did not match itself is filed with its
        primary: the primary's proposals are the ones the registrar decides on (the truth may
        call either of two identical files the original)."""
        seen: set[str] = set()
        while not item.get("proposals") and item.get("duplicate_of") is not None:
            target = self.by_id.get(str(item["duplicate_of"]))
            if target is None or str(item["id"]) in seen:
                break
            seen.add(str(item["id"]))
            item = target
        return item

    def mail_items(self, top: Item) -> list[Item]:
        """The e-mail items of a submission: the mail itself and messages inside it."""
        return [i for i in [top, *self.descendants(top)]
                if i.get("media_type") == "message/rfc822" and i.get("proposals")]


@dataclass
class Scores:
    """The figures the bench prints."""

    case_top1_with_number: Ratio = field(default_factory=Ratio)
    case_top1_without_number: Ratio = field(default_factory=Ratio)
    case_top3_all: Ratio = field(default_factory=Ratio)
    doc_top1: Ratio = field(default_factory=Ratio)
    high_precision: Ratio = field(default_factory=Ratio)  # case and document record right
    high_precision_case: Ratio = field(default_factory=Ratio)  # the case right
    high_without_record: Ratio = field(default_factory=Ratio)  # high with no record proposed
    high_share: Ratio = field(default_factory=Ratio)
    foreign_high: Ratio = field(default_factory=Ratio)
    exact_duplicates_linked: Ratio = field(default_factory=Ratio)
    near_duplicates_linked: Ratio = field(default_factory=Ratio)
    mail_items_top1: Ratio = field(default_factory=Ratio)  # an e-mail item's own proposal
    missing: list[str] = field(default_factory=list)
    top1_by_form: dict[str, Ratio] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            name: value.as_dict() for name, value in vars(self).items() if isinstance(value, Ratio)
        }
        out["missing"] = list(self.missing)
        out["top1_by_form"] = {k: v.as_dict() for k, v in sorted(self.top1_by_form.items())}
        return out


def case_hits(proposals: list[Item], truth_case: str | None, k: int) -> bool:
    wanted = normalise_case_number(truth_case)
    return any(normalise_case_number(p.get("case_number")) == wanted for p in proposals[:k])


def doc_hit(proposals: list[Item], row: dict[str, Any]) -> bool:
    if not proposals or not case_hits(proposals, row["case_number"], 1):
        return False
    return proposals[0].get("doc_number") == row["doc_number"]


def form_of(row: dict[str, Any]) -> str:
    return "rfc822" if row.get("as_attachment") else str(row.get("form"))


def score_high(scores: Scores, row: dict[str, Any], proposals: list[Item]) -> None:
    """A high proposal is right when its case is, and its record is, or no record is proposed
    (`high_without_record` counts those, so leaving records out cannot pass unseen)."""
    top1 = case_hits(proposals, row["case_number"], 1)
    record = proposals[0].get("doc_number")
    scores.high_precision_case.add(top1)
    scores.high_without_record.add(record is None)
    scores.high_precision.add(top1 and (record is None or doc_hit(proposals, row)))


def score_matching(scores: Scores, row: dict[str, Any], proposals: list[Item]) -> None:
    """Case, document and confidence figures for one original (not duplicate) file."""
    high = bool(proposals) and proposals[0].get("confidence") == "high"
    scores.high_share.add(high)
    if row["foreign"]:
        scores.foreign_high.add(high)
        if high:
            scores.high_precision.add(False)
            scores.high_precision_case.add(False)
        return
    top1 = case_hits(proposals, row["case_number"], 1)
    by_number = scores.case_top1_with_number
    (by_number if row["has_case_number"] else scores.case_top1_without_number).add(top1)
    scores.top1_by_form.setdefault(form_of(row), Ratio()).add(top1)
    scores.case_top3_all.add(case_hits(proposals, row["case_number"], 3))
    if row.get("doc_number") is not None:
        scores.doc_top1.add(doc_hit(proposals, row))
    if high:
        score_high(scores, row, proposals)


def linked(index: ItemIndex, first: Item, second: Item) -> bool:
    """Whether either file (or anything unpacked from it) is marked a duplicate of the other."""
    if first is second:  # the same bytes kept once: never shown twice, so linked
        return True
    a, b = index.group(first), index.group(second)
    for ids, others in ((a, b), (b, a)):
        for item_id in ids:
            target = index.by_id[item_id].get("duplicate_of")
            if target is not None and str(target) in others:
                return True
    return False


def duplicate_kind(row: dict[str, Any]) -> str:
    return str(row.get("duplicate_kind") or "exact")


def score(items: list[Item], truth: list[dict[str, Any]],
          hashes: dict[str, str] | None = None) -> Scores:
    """All figures for one run; a file the product lost counts as a miss everywhere.

    `hashes` (truth file -> SHA-256 of its bytes) lets a file be found by content when the
    product kept one item for several files with the same bytes.
    """
    index, scores, hashes = ItemIndex(items), Scores(), hashes or {}
    for row in truth:
        top = index.find(row["file"], hashes)
        if top is None:
            scores.missing.append(row["file"])
        if row.get("duplicate_of") is None:
            proposals = index.scored(top).get("proposals") if top is not None else None
            score_matching(scores, row, list(proposals or []))
            for mail in index.mail_items(top) if top is not None and not row["foreign"] else []:
                scores.mail_items_top1.add(case_hits(mail["proposals"], row["case_number"], 1))
            continue
        other = index.find(row["duplicate_of"], hashes)
        ratio = (scores.near_duplicates_linked if duplicate_kind(row) == "near"
                 else scores.exact_duplicates_linked)
        ratio.add(top is not None and other is not None and linked(index, top, other))
    return scores


def file_hashes(intake: Path, truth: list[dict[str, Any]]) -> dict[str, str]:
    """SHA-256 of every truth file, for `score`."""
    return {row["file"]: hashlib.sha256((intake / row["file"]).read_bytes()).hexdigest()
            for row in truth if (intake / row["file"]).is_file()}

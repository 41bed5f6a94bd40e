"""Scores the split benchmark: per batch, parts against the truth's documents (pages, every
page accounted for, the record matched); proposed boundaries' precision and recall; per
protocol, paragraphs split right, matched to the right case and to the right record; per
meeting pack, the same for its documents and the agenda kept one part."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

Items = list[dict[str, Any]]


@dataclass
class Tally:
    counts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def add(self, key: str, ok: bool, n: int = 1) -> None:
        self.counts[key][0] += int(ok) * n
        self.counts[key][1] += n

    def rows(self) -> list[tuple[str, int, int]]:
        return [(k, v[0], v[1]) for k, v in self.counts.items()]


def _children(items: Items, parent: dict[str, Any]) -> Items:
    return [i for i in items if i["parent_id"] == parent["id"]]


def _best(item: dict[str, Any]) -> tuple[str | None, int | None]:
    top = item["proposals"][0] if item["proposals"] else {}
    return top.get("case_number"), top.get("doc_number")


def _accounted(parent: dict[str, Any], parts: Items, pages: int) -> bool:
    seen = [a["page"] for a in parent["set_aside"]]
    for part in parts:
        if part["role"] != "paragraph":
            seen += list(range(part["pages"][0], part["pages"][1] + 1))
    return sorted(seen) == list(range(1, pages + 1))


def batch(tally: Tally, prefix: str, parent: dict[str, Any], items: Items,
          truth: dict[str, Any]) -> None:
    parts = {tuple(p["pages"]): p for p in _children(items, parent)}
    docs = truth["documents"]
    tally.add(f"{prefix}: batches cut into the right documents",
              sorted(parts) == sorted(tuple(d["pages"]) for d in docs))
    tally.add(f"{prefix}: batches with every page accounted for",
              parent["state"] == "split" and _accounted(parent, list(parts.values()),
                                                        truth["pages"]))
    for doc in docs:
        part = parts.get(tuple(doc["pages"]))
        tally.add(f"{prefix}: documents split right", part is not None)
        tally.add(f"{prefix}: documents matched to the right record", part is not None
                  and _best(part) == (doc["case_number"], doc["doc_number"]))
        tally.add(f"{prefix}: documents matched to the right case", part is not None
                  and _best(part)[0] == doc["case_number"])


def boundaries(tally: Tally, prefix: str, parent: dict[str, Any],
               truth: dict[str, Any]) -> None:
    real = {d["pages"][0] for d in truth["documents"][1:]}
    proposed = {b["page"] for b in (parent.get("proposed_split") or {}).get("boundaries", [])}
    tally.add(f"{prefix}: proposed boundaries that are real (precision)",
              True, len(proposed & real))
    tally.add(f"{prefix}: proposed boundaries that are real (precision)",
              False, len(proposed - real))
    tally.add(f"{prefix}: real boundaries proposed (recall)", True, len(real & proposed))
    tally.add(f"{prefix}: real boundaries proposed (recall)", False, len(real - proposed))
    tally.add(f"{prefix}: batches with every boundary right", proposed == real)


def protocol(tally: Tally, prefix: str, parent: dict[str, Any], items: Items,
             truth: dict[str, Any]) -> None:
    parts = _children(items, parent)
    by_number = {p["paragraph"]["number"]: p for p in parts if p["role"] == "paragraph"}
    whole = [p for p in parts if p["role"] == "protocol"]
    for para in truth["paragraphs"]:
        if not para["case_number"]:
            tally.add(f"{prefix}: paragraphs without a case left in the protocol only",
                      para["number"] not in by_number)
            continue
        part = by_number.get(para["number"])
        split_ok = part is not None and tuple(part["pages"]) == tuple(para["pages"])
        tally.add(f"{prefix}: paragraphs split right", split_ok)
        tally.add(f"{prefix}: paragraphs matched to the right case", part is not None
                  and _best(part)[0] == para["case_number"])
        tally.add(f"{prefix}: paragraphs matched to the right record", part is not None
                  and _best(part) == (para["case_number"], para["record"]))
    tally.add(f"{prefix}: whole protocol matched to its record", len(whole) == 1
              and list(_best(whole[0])) == truth["whole"])


def _starts(parent: dict[str, Any], parts: Items) -> set[int]:
    """Where the file was cut (after page 1), or failing a cut, the boundaries proposed."""
    if parts:
        return {p["pages"][0] for p in parts} - {1}
    return {b["page"] for b in (parent.get("proposed_split") or {}).get("boundaries", [])}


def pack(tally: Tally, prefix: str, parent: dict[str, Any], items: Items,
         truth: dict[str, Any]) -> None:
    """A meeting pack: cut at its documents (the agenda one part), each to its record."""
    parts = [p for p in _children(items, parent) if p["role"] == "document"]
    by_pages = {tuple(p["pages"]): p for p in parts}
    docs = truth["documents"]
    real = {d["pages"][0] for d in docs}
    cut = _starts(parent, parts)
    tally.add(f"{prefix}: packs cut automatically", parent["state"] == "split")
    tally.add(f"{prefix}: packs cut into the right documents", sorted(by_pages) == sorted(
        [tuple(truth["agenda"]), *(tuple(d["pages"]) for d in docs)]))
    tally.add(f"{prefix}: packs with every page accounted for",
              parent["state"] == "split" and _accounted(parent, parts, truth["pages"]))
    tally.add(f"{prefix}: agenda (kallelse) one part", tuple(truth["agenda"]) in by_pages)
    for ok, n in ((True, len(cut & real)), (False, len(cut - real))):
        tally.add(f"{prefix}: boundaries cut that are real (precision)", ok, n)
    for ok, n in ((True, len(real & cut)), (False, len(real - cut))):
        tally.add(f"{prefix}: real boundaries cut (recall)", ok, n)
    for doc in docs:
        part = by_pages.get(tuple(doc["pages"]))
        tally.add(f"{prefix}: documents split right", part is not None)
        tally.add(f"{prefix}: documents matched to the right case", part is not None
                  and _best(part)[0] == doc["case_number"])
        tally.add(f"{prefix}: documents matched to the right record", part is not None
                  and _best(part) == (doc["case_number"], doc["doc_number"]))

"""The whole shared corpus through the command line, as an outside script would drive it:
every file ingested into a fresh home, processed by two workers, and the items counted by
state, with every failure's reason. Nothing may crash, hang or fail without a reason.

    python -m bench.corpus [--corpus ../shared/corpus] [--workers 2] [--table]

``--table`` prints, besides the JSON, a Markdown table of the items by kind (the top-level
item's kind for files ingested, the item's own media type for parts) and final state.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _cli(home: Path, *args: str) -> str:
    command = [sys.executable, "-m", "bot.cli", "--home", str(home), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def sweep(corpus: Path, workers: int) -> dict[str, Any]:
    """Ingest, process until idle, and summarise; seconds for each step."""
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        start = time.monotonic()
        _cli(home, "ingest", str(corpus))
        ingested = time.monotonic()
        _cli(home, "process", "--until-idle", "--workers", str(workers))
        processed = time.monotonic()
        items: list[dict[str, Any]] = json.loads(_cli(home, "items", "--json"))
    failed = [item for item in items if item["state"] == "failed"]
    return {
        "files": sum(1 for path in corpus.rglob("*") if path.is_file()),
        "items": len(items),
        "states": dict(Counter(item["state"] for item in items).most_common()),
        "without_reason": sum(1 for item in failed if not item.get("state_reason")),
        "reasons": dict(Counter(_kind(item["state_reason"] or "") for item in failed)),
        "by_kind": by_kind(items),
        "ingest_seconds": round(ingested - start, 1),
        "process_seconds": round(processed - ingested, 1),
    }


_SHORT = {
    "application/pdf": "pdf",
    "message/rfc822": "email",
    "application/vnd.ms-outlook": "msg",
    "application/vnd.ms-tnef": "tnef",
    "application/zip": "zip",
    "application/x-7z-compressed": "7z",
    "application/vnd.rar": "rar",
    "application/x-tar": "tar",
    "application/gzip": "gz",
    "application/x-bzip2": "bz2",
    "application/x-xz": "xz",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
    "application/rtf": "rtf",
    "text/plain": "text",
    "text/html": "html",
    "application/octet-stream": "unknown",
}


def kind_of(media_type: str) -> str:
    """A short name for a media type: "pdf", "email", "image", "docx" …"""
    if media_type in _SHORT:
        return _SHORT[media_type]
    if media_type.startswith("image/"):
        return "image"
    if "opendocument" in media_type:
        return "od" + media_type.rsplit(".", 1)[-1][:1]  # odt, ods, odp
    if "openxmlformats" in media_type:
        return {"document": "docx", "sheet": "xlsx", "presentation": "pptx"}.get(
            media_type.rsplit(".", 1)[-1], "ooxml")
    return media_type.split("/")[-1].removeprefix("x-")


def by_kind(items: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Items counted by kind and state: {"pdf": {"queued": 80, "failed": 3}, …}."""
    table: dict[str, Counter[str]] = {}
    for item in items:
        table.setdefault(kind_of(item["media_type"]), Counter())[item["state"]] += 1
    return {kind: dict(counts) for kind, counts in sorted(table.items())}


def markdown(table: dict[str, dict[str, int]]) -> str:
    """The kind x state table as Markdown, states in pipeline order."""
    order = ["queued", "confirmed", "skipped", "duplicate", "failed", "received", "unpacked",
             "extracted", "matched", "rejected", "split"]
    states = [s for s in order if any(s in row for row in table.values())]
    states += sorted({s for row in table.values() for s in row} - set(states))
    lines = ["| kind | items | " + " | ".join(states) + " |",
             "|---|---:|" + "---:|" * len(states)]
    for kind, row in table.items():
        cells = " | ".join(str(row.get(s, 0)) for s in states)
        lines.append(f"| {kind} | {sum(row.values())} | {cells} |")
    return "\n".join(lines)


def _kind(reason: str) -> str:
    """A failure reason without its details (the part before the first ": ")."""
    return reason.split(": ", 1)[0].strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--table", action="store_true", help="also a Markdown table by kind")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus}")
    result = sweep(args.corpus, args.workers)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.table:
        print(markdown(result["by_kind"]))


if __name__ == "__main__":
    main()

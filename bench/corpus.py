"""The whole shared corpus through the command line, as an outside script would drive it:
every file ingested into a fresh home, processed by two workers, and the items counted by
state, with every failure's reason. Nothing may crash, hang or fail without a reason.

    python -m bench.corpus [--corpus ../shared/corpus] [--workers 2]
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
        "ingest_seconds": round(ingested - start, 1),
        "process_seconds": round(processed - ingested, 1),
    }


def _kind(reason: str) -> str:
    """A failure reason without its details (the part before the first ": ")."""
    return reason.split(": ", 1)[0].strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus}")
    print(json.dumps(sweep(args.corpus, args.workers), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Hostile files through the real command line: each kind (bench/hostile_files.py) ingested into
a fresh home with `diariebot ingest` and processed with `diariebot process --until-idle`, each a
process of its own (bench/faults.py). Per kind: the items' final states and reasons, the peak
memory of any one process (the kernel's max RSS of each command and the children it reaped:
the bounded readers), the seconds of both commands, crashes (a non-zero exit or a traceback)
and hangs (a command still running after --bound seconds).

    python -m bench.hostile                     # every kind, default settings
    python -m bench.hostile --kinds pdf-flate,fan-out

Results also go to bench/out/hostile.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import hostile_files as files
from bench.faults import ROOT, Tally, finish, items_of, start

SENDER = "anna.berg@exempelby.se"
RLO = "\u202e"


def _letters(count: int, first: int = 0) -> list[tuple[str, bytes]]:
    line = b"BT /F1 12 Tf 72 720 Td (Yttrande over detaljplan, Dnr KS 2021/0456-2) Tj ET"
    return [(f"brev-{n}.pdf", files._page_pdf(line + b" %% %d" % n))
            for n in range(first, first + count)]


def _one(name: str, make: Callable[[], bytes]) -> Callable[[], list[tuple[str, bytes]]]:
    return lambda: [(name, make())]


KINDS: dict[str, tuple[str, Callable[[], list[tuple[str, bytes]]]]] = {
    "letters": ("20 ordinary one-page PDF letters (the cost of reading)", lambda: _letters(20)),
    "zip-10gb": ("zip bomb, 10 GB declared", _one("bomb.zip", files.zip_bomb)),
    "42-zip": ("nested bomb like 42.zip (4 TB declared)", _one("42.zip", files.nested_bomb)),
    "lying": ("zip with lying headers (1 GB declared as 1 kB)",
              _one("ljuger.zip", files.lying_headers)),
    "deep-zip": ("zips 50 deep", _one("djup.zip", files.deep_zips)),
    "png": ("PNG bomb, 50,000 x 50,000 pixels", _one("bomb.png", files.png_bomb)),
    "pdf-flate": ("PDF with a 4 GB flate stream",
                  _one("bomb.pdf", lambda: files.pdf_flate_bomb(4096))),
    "pdf-mediabox": ("PDF with a 14,400-point MediaBox",
                     _one("stor.pdf", files.pdf_huge_media_box)),
    "docx": ("docx bomb (300 MB body declared as 1 kB)",
             _one("bomb.docx", lambda: files.docx_bomb(300))),
    "fan-out": ("nested zips fanning out by 8, 5 deep (32,768 texts)",
                _one("solfjader.zip", lambda: files.fan_out(5))),
    "bad-member": ("zip with an empty-named and a damaged member beside good ones",
                   lambda: [("tom.zip", files.empty_named_member(_letters(2))),
                            ("trasig.zip", files.damaged_member(_letters(1, 2)))]),
    "forwards": ("200 nested forwards", _one("fwd.eml", lambda: files.nested_forwards(200))),
    "text-190mb": ("190 MB text", _one("stor.txt", files.big_text)),
    "mail-190mb": ("190 MB e-mail (a 140 MB attachment)", _one("stor.eml", files.big_mail)),
    "rtl-name": ("right-to-left override in a file name",
                 _one(f"faktura{RLO}fdp.txt", lambda: files.LETTER.encode())),
}


def _english(reason: str) -> str:
    """The English halves of 'svenska / English' reasons joined by '; '."""
    return "; ".join(part.split(" / ", 1)[-1] for part in reason.split("; "))


def summary(home: Path) -> dict[str, Any]:
    """The items' states, and their reasons (failed, skipped) counted."""
    items = items_of(home)
    reasons = Counter(f"{i.state}: {_english(i.state_reason or '')[:110]}" for i in items
                      if i.state in ("failed", "skipped", "duplicate"))
    return {"items": len(items), "states": dict(Counter(i.state for i in items).most_common()),
            "reasons": dict(reasons.most_common(3)),
            "top_names": sorted(i.filename for i in items if i.parent_id is None)}


def run_kind(work: Path, kind: str, bound: float) -> dict[str, Any]:
    title = KINDS[kind][0]
    home, folder = work / kind / "home", work / kind / "in"
    folder.mkdir(parents=True)
    home.mkdir()
    (home / "diariebot.toml").write_text("poll_seconds = 0.1\n")
    # made by a process of its own: a command forked from this one would inherit its size as
    # its peak (the kernel keeps the high-water mark across exec)
    subprocess.run([sys.executable, "-m", "bench.hostile", "--make", kind, str(folder)],
                   cwd=ROOT, check=True)
    tally, began = Tally(), time.monotonic()
    finish(start(home, "ingest", str(folder), "--submitter", SENDER), tally, bound)
    finish(start(home, "process", "--until-idle"), tally, bound)
    found = {"kind": kind, "title": title, **summary(home), "peak_mb": round(tally.peak_mb),
             "seconds": round(time.monotonic() - began, 1), "crashes": tally.crashes,
             "hangs": tally.hangs, "errors": tally.errors[:3]}
    print(json.dumps(found, ensure_ascii=False), flush=True)
    return found


def table(results: list[dict[str, Any]]) -> str:
    lines = ["| kind | final state(s) and reason | peak MB (any process) | seconds | crash/hang |",
             "|---|---|---:|---:|---|"]
    for r in results:
        states = ", ".join(f"{n} {s}" for s, n in r["states"].items())
        reasons = "; ".join(f"{reason} (x{n})" if n > 1 else reason
                            for reason, n in r["reasons"].items())
        final = f"{states}" + (f" — {reasons}" if reasons else "")
        if r["kind"] == "rtl-name":
            final += f" — shown as {r['top_names'][0]!r}"
        lines.append(f"| {r['title']} | {final.replace('|', '/')} | {r['peak_mb']} | "
                     f"{r['seconds']} | {r['crashes']}/{r['hangs']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated kinds")
    parser.add_argument("--bound", type=float, default=900.0,
                        help="seconds after which a command counts as hung and is killed")
    parser.add_argument("--make", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.make:
        for name, data in KINDS[args.make[0]][1]():
            (Path(args.make[1]) / name).write_bytes(data)
        return 0
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))} (known: {', '.join(KINDS)})")
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        results = [run_kind(Path(tmp), kind, args.bound) for kind in kinds]
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "hostile.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

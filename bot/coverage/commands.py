"""`diariebot coverage [--json] [--board KS] [--year 2021]`: the coverage numbers for people and
scripts (the JSON is part of the output contract, docs/coverage.md)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from bot.coverage.numbers import Counts, Scope
from bot.coverage.report import Report, report
from bot.settings import Settings


def _line(label: str, counts: Counts) -> str:
    return (f"{label:<28} {counts.records:>8} {counts.recovered:>9} {counts.proposed:>9} "
            f"{counts.missing:>8} {counts.share:>7.1%}")


def _print(result: Report) -> None:
    header = (f"{'':<28} {'handl.':>8} {'återst.':>9} {'föresl.':>9} {'saknas':>8} {'andel':>7}"
              f"\n{'':<28} {'records':>8} {'recovered':>9} {'proposed':>9} {'missing':>8}"
              f" {'share':>7}")
    print(header)
    print(_line("totalt / total", result.total))
    for title, axis in (("nämnd / board", 0), ("år / year", 1), ("slag / kind", 2)):
        print(f"\n{title}")
        for key, counts in result.cube.by(axis):
            name = result.board_names.get(key, key) if axis == 0 else key
            print(_line(f"  {key} {name}" if axis == 0 and name != key else f"  {key}", counts))


def cmd_coverage(args: argparse.Namespace, settings: Settings) -> int:
    from bot.context import open_context

    scope = Scope(board=args.board.upper() if args.board else None, year=args.year)
    result = report(open_context(settings).engine, scope, date.today())
    if args.json:
        json.dump(result.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print(result)
    return 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cov = sub.add_parser("coverage", help="hur mycket av arkivet som är återställt / how much of "
                                          "the archive is recovered")
    cov.add_argument("--json", action="store_true",
                     help="som JSON (utdatakontraktet) / as JSON (the output contract)")
    cov.add_argument("--board", help="bara denna nämnd, t.ex. KS / only this board, e.g. KS")
    cov.add_argument("--year", type=int, help="bara detta år / only this year (of the case)")
    cov.set_defaults(handler=cmd_coverage)

"""`diariebot coversheet NUMBER --out FILE.pdf`: print a cover sheet (försättsblad)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.settings import Settings


def cmd_coversheet(args: argparse.Namespace, settings: Settings) -> int:
    from bot.context import open_context
    from bot.db import session_scope
    from bot.split.sheets import SheetError, cover_pdf

    ctx = open_context(settings)
    try:
        with session_scope(ctx.engine) as session:
            data = cover_pdf(session, args.number, ctx.grammar)
    except SheetError as error:
        print(error, file=sys.stderr)
        return 1
    Path(args.out).write_bytes(data)
    print(f"{args.out}: försättsblad för / cover sheet for {args.number}")
    return 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sheet = sub.add_parser(
        "coversheet",
        help="skriv ut ett försättsblad / print a cover sheet for a case or document record")
    sheet.add_argument("number", help="diarienummer, t.ex. / case or record number, e.g. "
                                      "'KS 2021/0456-3'")
    sheet.add_argument("--out", required=True,
                       help="PDF-fil att skriva / PDF file to write (one A4 page)")
    sheet.set_defaults(handler=cmd_coversheet)

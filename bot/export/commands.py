"""The export commands: `diariebot export DIR --format manifest|fgs [--since WHEN|last] [--all]`
and `diariebot writeback` (Public 360 SIF)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.settings import Settings


def _since(text: str | None, ctx: object, fmt: str, out_dir: Path) -> datetime | None:
    from bot.export.run import last_export

    if text is None:
        return None
    if text == "last":
        return last_export(ctx, fmt, out_dir)  # type: ignore[arg-type]
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.context import open_context
    from bot.export.folder import ExportError
    from bot.export.run import export_folder

    ctx = open_context(settings)
    out_dir = Path(args.dir)
    try:
        since = _since(args.since, ctx, args.format, out_dir)
        receipt = export_folder(ctx, out_dir, args.format, actor=args.user, since=since,
                                everything=args.all)
    except (ValueError, ExportError, OSError) as error:
        print(f"{args.dir}: {error}", file=sys.stderr)
        return 1
    print(receipt.summary())
    return 0


def cmd_writeback(args: argparse.Namespace, settings: Settings) -> int:
    from bot.context import open_context
    from bot.export.sif import SifAdapter
    from bot.export.writeback import write_back

    if not settings.sif_url or not settings.sif_authkey:
        print("sif_url och sif_authkey saknas / sif_url and sif_authkey are not set",
              file=sys.stderr)
        return 2
    report = write_back(open_context(settings), SifAdapter(settings.sif_url, settings.sif_authkey),
                        actor=args.user)
    print(report.summary())
    for number in report.failed:
        print(f"{number}: misslyckades / failed (se / see export_entry)", file=sys.stderr)
    return 1 if report.failed else 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser("export", help="bekräftade filer till en mapp / confirmed files to "
                            "a folder (manifest or FGS package)")
    export.add_argument("dir", help="målmapp / target folder")
    export.add_argument("--format", choices=("manifest", "fgs"), default="manifest",
                        help="mapp + manifest (CSV, JSON) eller FGS-paket / folder + manifest "
                        "or FGS archival package")
    export.add_argument("--since", help="bara bekräftade sedan (ISO-tid eller 'last') / only "
                        "confirmed since (ISO time, or 'last' export to this folder)")
    export.add_argument("--all", action="store_true", help="även redan exporterade / also "
                        "those exported to this folder before")
    export.add_argument("--user", default="cli", help="vem som exporterar (granskningsloggen) "
                        "/ who exports, for the audit trail")
    export.set_defaults(handler=cmd_export)
    back = sub.add_parser("writeback", help="bifoga bekräftade filer i Public 360 (SIF) / "
                          "attach confirmed files in Public 360")
    back.add_argument("--user", default="cli", help="vem (granskningsloggen) / who, for the "
                      "audit trail")
    back.set_defaults(handler=cmd_writeback)

"""The backup commands: `diariebot backup DIR`, `diariebot verify DIR`,
`diariebot restore DIR --home NEW`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.settings import Settings


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from bot.backup.layout import BackupError
    from bot.backup.record import recorded
    from bot.backup.write import write_backup

    recipients = args.age_recipient or settings.backup_age_recipients
    try:
        with recorded(settings, Path(args.dir)) as note:
            receipt = write_backup(settings, Path(args.dir), recipients, full=args.full)
            note(receipt)
    except (BackupError, OSError) as error:
        print(f"{args.dir}: {error}", file=sys.stderr)
        return 1
    print(receipt.summary())
    return 0


def cmd_verify(args: argparse.Namespace, settings: Settings) -> int:
    from bot.backup.verify import verify_bundle

    identity = Path(args.identity) if args.identity else None
    report = verify_bundle(Path(args.dir), args.bundle, identity)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if not report.ok:
        return 1
    print(f"{report.bundle}: {report.files} filer kontrollerade, allt stämmer / files checked, "
          "all intact")
    return 0


def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    from bot.backup.layout import BackupError
    from bot.backup.restore import restore_bundle

    identity = Path(args.identity) if args.identity else None
    try:
        receipt = restore_bundle(Path(args.dir), Path(args.home_to), args.bundle, identity,
                                 args.database_url)
    except (BackupError, OSError) as error:
        print(f"{args.dir}: {error}", file=sys.stderr)
        return 1
    print(receipt.summary())
    return 0


def _bundle_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", help="mappen med säkerhetskopior / the backup folder")
    parser.add_argument("--bundle", help="en viss kopia (standard: den senaste) / one bundle "
                        "by name (default: the newest)")
    parser.add_argument("--identity", help="age-nyckelfil för krypterade kopior / age identity "
                        "file for encrypted bundles")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser("backup", help="säkerhetskopia till en mapp / backup bundle to a "
                            "folder (database, originals, manifest)")
    backup.add_argument("dir", help="målmapp, gärna en löstagbar disk / target folder, ideally "
                        "an offline-able disk")
    backup.add_argument("--full", action="store_true", help="hel kopia även om tidigare finns / "
                        "a full bundle even when earlier ones exist")
    backup.add_argument("--age-recipient", action="append", help="kryptera till denna age-nyckel "
                        "(kan upprepas) / encrypt to this age public key (repeatable)")
    backup.set_defaults(handler=cmd_backup)
    verify = sub.add_parser("verify", help="kontrollera en säkerhetskopia / check a backup bundle")
    _bundle_options(verify)
    verify.set_defaults(handler=cmd_verify)
    restore = sub.add_parser("restore", help="återställ en säkerhetskopia till en ny hemmapp / "
                             "restore a bundle into a new home folder")
    _bundle_options(restore)
    restore.add_argument("--home", dest="home_to", required=True, help="ny, tom hemmapp / a new, "
                         "empty home folder")
    restore.add_argument("--database-url", help="tom PostgreSQL-databas att ladda en pg_dump i "
                         "(den nya hemmappen pekar sedan dit) / an empty PostgreSQL database to "
                         "load a PostgreSQL bundle into (the new home then points at it)")
    restore.set_defaults(handler=cmd_restore)

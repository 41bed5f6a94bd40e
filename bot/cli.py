"""The command line `diariebot [--home DIR] COMMAND`: a stable contract for people and scripts."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

from bot import terminal
from bot.settings import Settings, load_settings, settings_help

Handler = Callable[[argparse.Namespace, Settings], int]

# Capabilities that bring their own commands: each module has `add_commands(sub)`, which adds
# sub-parsers whose `handler` has the signature above. Keeps this file from growing with them.
COMMAND_MODULES: list[str] = ["bot.export.commands", "bot.backup.commands",
                              "bot.split.commands", "bot.chat.cli", "bot.coverage.commands",
                              "bot.bulk", "bot.preview_commands"]


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def cmd_registry_import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.context import open_context
    from bot.db import session_scope
    from bot.matching import index
    from bot.registry import import_registry_file
    from bot.registry_csv import RegistryFormatError

    ctx = open_context(settings)
    status, changed, failed_rows = 0, False, 0
    for path in args.files:
        try:
            with open(path, "rb") as stream, session_scope(ctx.engine) as session:
                report = import_registry_file(session, stream, ctx.grammar, reindex=False)
        except (OSError, RegistryFormatError) as error:
            print(f"{path}: {error}", file=sys.stderr)
            status = 1
            continue
        changed = changed or report.changed
        print(f"{path}: {report.summary()}")
        for err in report.errors:
            print(f"{path}:{err.line}: {err.reason}", file=sys.stderr)
        failed_rows += len(report.errors)
    if changed:  # one search index rebuild for all the files
        with session_scope(ctx.engine) as session:
            index.rebuild(session)
    if failed_rows:
        terminal.fail(f"{failed_rows} rad(er) kunde inte importeras / row(s) could not be imported")
    return 1 if failed_rows else status


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from bot.context import open_context
    from bot.ingest import ingest_paths

    ctx = open_context(settings)
    missing = [p for p in args.paths if not p.strip() or not Path(p).exists()]  # "" is not "."
    for path in missing:
        terminal.fail(f"{path!r}: finns inte / does not exist")
    results = ingest_paths(
        ctx, [Path(p) for p in args.paths if p not in missing], args.submitter, args.channel
    )
    for res in results:
        print(f"{res.filename}: {res.message} (post / item {res.item_id})")
    return 1 if missing else 0


def cmd_process(args: argparse.Namespace, settings: Settings) -> int:
    from bot.context import open_context
    from bot.service import drain, run_forever

    ctx = open_context(settings)
    if not args.until_idle:
        run_forever(ctx)
        return 0
    wait = settings.lease_seconds if args.wait is None else args.wait
    done, held = drain(ctx, max(1, args.workers), wait, args.limit)
    print(f"{done} steg körda / stages run")
    for item_id, owner, _token in held:
        print(f"post {item_id}: bearbetas fortfarande av {owner} / still held by {owner}",
              file=sys.stderr)
    return 3 if held else 0


def cmd_items(args: argparse.Namespace, settings: Settings) -> int:
    from bot.context import open_context
    from bot.db import session_scope
    from bot.output import items_json
    from bot.states import ALLOWED

    if args.state is not None and args.state not in ALLOWED:
        terminal.fail(f"okänt tillstånd / unknown state {args.state!r}; "
                      f"välj / choose from: {', '.join(sorted(ALLOWED))}")
        return terminal.USAGE
    ctx = open_context(settings)
    with session_scope(ctx.engine) as session:
        items = items_json(session, args.state)
    if args.json:
        _print_json(items)
        return 0
    for it in items:
        best = it["proposals"][0] if it["proposals"] else None
        guess = f"{best['case_number']} ({best['confidence']} {best['score']:.2f})" if best else "-"
        print(f"{it['id']:>6}  {it['state']:<10} {guess:<32} {it['filename']}")
    return 0


def cmd_ocr(args: argparse.Namespace, settings: Settings) -> int:
    import ocr
    from bot import office
    from bot.sniff import DOCX, PDF, sniff

    try:
        data = Path(args.file).read_bytes()
    except OSError as error:
        terminal.fail(f"{args.file}: kan inte läsas / cannot be read: {error.strerror or error}")
        return 1
    options = ocr.OcrOptions(languages=settings.ocr_languages, dpi=settings.ocr_dpi)
    media_type = sniff(data, Path(args.file).name)
    try:
        if office.convertible(media_type) and media_type != DOCX:  # Office, RTF, HTML
            data, media_type = office.to_pdf(data, media_type), PDF
        result = ocr.to_json(ocr.read(data, media_type, options))
    except (ocr.OcrError, office.OfficeError) as error:
        print(f"{args.file}: {error}", file=sys.stderr)
        return 1
    if args.json:
        _print_json(result)
    else:
        for page in result["pages"]:
            print(f"--- sida / page {page['number']} ({page['method']}) ---\n{page['text']}")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.context import open_context
    from bot.web import serve

    serve(open_context(settings), args.host, args.port, background=not args.no_worker)
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from bot.demo import run_demo

    return run_demo(settings, args.host, args.port, serve_after=not args.no_serve)


def cmd_settings(args: argparse.Namespace, settings: Settings) -> int:
    for name, default, text in settings_help():
        print(f"{name:<16} {getattr(settings, name)!s:<40} {text} (standard: {default!s})")
    return 0


def cmd_audit(args: argparse.Namespace, settings: Settings) -> int:
    from bot.context import open_context
    from bot.db import session_scope
    from bot.states import verify_chain

    with session_scope(open_context(settings).engine) as session:
        broken = verify_chain(session)
    if broken is None:
        print("granskningsloggen är hel / audit trail intact")
        return 0
    print(f"granskningsloggen bruten vid händelse {broken} / audit trail broken", file=sys.stderr)
    return 1


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.check import check_connectors, report

    if args.connector and args.connector not in settings.connectors:
        print(f"{args.connector}: ingen sådan anslutning / no such connector", file=sys.stderr)
        return 2
    return report(check_connectors(settings, args.connector), sys.stdout)


def cmd_fetch(args: argparse.Namespace, settings: Settings) -> int:
    from bot.context import open_context
    from bot.intake import open_connectors, polled, run_connector
    from connectors.errors import ConnectorError

    if args.connector and args.connector not in settings.connectors:
        print(f"{args.connector}: ingen sådan anslutning / no such connector", file=sys.stderr)
        return 2
    try:
        connectors = polled(open_connectors(settings, args.connector))
    except ConnectorError as error:
        print(f"{error.connector}: {error.kind}: {error.detail}", file=sys.stderr)
        return 1
    ctx, status = open_context(settings), 0
    for connector in connectors:
        try:
            print(f"{connector.name}: {run_connector(ctx, connector).summary()}")
        except ConnectorError as error:
            print(f"{connector.name}: {error.kind}: {error.detail}", file=sys.stderr)
            status = 1
    return status


def cmd_user_add(args: argparse.Namespace, settings: Settings) -> int:
    from bot.auth import AccountError, add_user
    from bot.context import open_context
    from bot.db import session_scope

    try:
        password = terminal.read_password()
        with session_scope(open_context(settings).engine) as session:
            add_user(session, args.name, password, args.role)
    except (AccountError, ValueError) as error:
        terminal.fail(str(error))
        return 1
    print(f"konto skapat / account created: {args.name} ({args.role})")
    return 0


EXIT_CODES = (
    "slutkoder / exit codes: 0 klart / done; 1 arbetet misslyckades (en fil, rad eller anslutning) "
    "/ the work failed (a file, row or connection); 2 fel i anropet eller inställningarna / usage "
    "or settings error; 130 avbrutet / interrupted; 141 läsaren stängde röret / the reader closed "
    "the pipe"
)
Sub = argparse._SubParsersAction  # the sub-command table a capability adds its commands to


def _add_user(sub: Sub[argparse.ArgumentParser]) -> None:
    users = sub.add_parser("user", help="konton för webbkön / accounts for the web queue")
    add = users.add_subparsers(dest="user_command", required=True).add_parser(
        "add", help="nytt konto / new account; lösenord / password: $DIARIEBOT_PASSWORD, "
        "standard in eller fråga / stdin or a prompt")
    add.add_argument("name", help="användarnamn / user name")
    add.add_argument("--role", choices=("registrar", "admin"), default="registrar",
                     help="roll / role (registrar: kön / the queue; admin: även konton / accounts)")
    add.set_defaults(handler=cmd_user_add)


def _add_work(sub: Sub[argparse.ArgumentParser]) -> None:
    reg = sub.add_parser("registry", help="diariet / the registry").add_subparsers(
        dest="registry_command", required=True
    )
    imp = reg.add_parser("import", help="importera ärenden eller handlingar från CSV / import "
                         "cases or document records from CSV")
    imp.add_argument("files", nargs="+", help="CSV-filer / CSV files")
    imp.set_defaults(handler=cmd_registry_import)
    ing = sub.add_parser("ingest", help="ta emot filer och mappar / receive files and folders")
    ing.add_argument("paths", nargs="+", help="filer eller mappar / files or folders")
    ing.add_argument("--submitter", help="inlämnarens e-post / submitter's email")
    ing.add_argument("--channel", default="cli", help="kanal / channel (default cli)")
    ing.set_defaults(handler=cmd_ingest)
    proc = sub.add_parser("process", help="bearbeta mottagna poster / process received items")
    proc.add_argument("--until-idle", action="store_true",
                      help="sluta när inget återstår / stop when nothing is left to do")
    proc.add_argument("--limit", type=int, help="högst så många steg / at most this many stages")
    proc.add_argument("--workers", type=int, default=1, help="parallella processer / processes")
    proc.add_argument("--wait", type=float, help="med --until-idle: sekunder att vänta på poster "
                      "som andra arbetare håller (standard lease_seconds), sedan slutkod 3 / "
                      "with --until-idle: seconds to wait for items other workers hold "
                      "(default lease_seconds), then exit 3")
    proc.set_defaults(handler=cmd_process)
    items = sub.add_parser("items", help="lista poster / list items")
    items.add_argument("--json", action="store_true", help="som JSON / as JSON (docs/contract.md)")
    items.add_argument("--state", help="bara detta tillstånd / only this state, e.g. queued")
    items.set_defaults(handler=cmd_items)
    ocr_p = sub.add_parser("ocr", help="läs en fil / read one file (text layer or OCR)")
    ocr_p.add_argument("file", help="filen / the file")
    ocr_p.add_argument("--json", action="store_true", help="som JSON / as JSON (docs/contract.md)")
    ocr_p.set_defaults(handler=cmd_ocr)


def _add_service(sub: Sub[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="webb + bakgrundsbearbetning / web + processing")
    _add_server(serve)
    serve.add_argument("--no-worker", action="store_true",
                       help="ingen bakgrundsbearbetning / web only, no processing")
    serve.set_defaults(handler=cmd_serve)
    demo = sub.add_parser("demo", help="en påhittad kommun, inläst och serverad / a demo")
    _add_server(demo)
    demo.add_argument("--no-serve", action="store_true",
                      help="bara läs in, servera inte / load only, do not serve")
    demo.set_defaults(handler=cmd_demo)
    sub.add_parser("settings", help="visa inställningar / show settings").set_defaults(
        handler=cmd_settings
    )
    sub.add_parser("audit", help="kontrollera granskningsloggen / verify audit chain").set_defaults(
        handler=cmd_audit
    )


def build_parser() -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = terminal.Parser(
        prog="diariebot", epilog=EXIT_CODES,
        description="diariebot: för hem förlorade diariefiler / brings lost registry files home")
    parser.add_argument("--home", help="datamapp / data folder (default $DIARIEBOT_HOME or ./data)")
    parser.add_argument("--config", help="TOML-fil / settings file")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="mer loggning, hela felspåret / more logging, full tracebacks")
    parser.add_argument("--version", action="version", version=f"diariebot {terminal.version()}",
                        help="visa versionen / show the version")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_work(sub)
    _add_service(sub)
    _add_intake(sub)
    _add_user(sub)
    for module in COMMAND_MODULES:
        importlib.import_module(module).add_commands(sub)
    return parser


def _add_intake(sub: Sub[argparse.ArgumentParser]) -> None:
    check = sub.add_parser("check", help="testa anslutningarna / test every configured connection")
    check.add_argument("--connector", help="bara denna / only this one")
    check.set_defaults(handler=cmd_check)
    fetch = sub.add_parser("fetch", help="en hämtningsrunda / one fetch round, then exit")
    fetch.add_argument("--connector", help="bara denna / only this one")
    fetch.set_defaults(handler=cmd_fetch)


def _add_server(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="adress att lyssna på / listen address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="porten / port (default 8080)")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    terminal.configure_logging(args.verbose)
    try:
        settings = load_settings(args.home, args.config)
    except (ValueError, OSError) as error:
        terminal.fail(f"inställningar / settings: {error}")
        return terminal.USAGE
    handler: Handler = args.handler
    return terminal.guarded(lambda: handler(args, settings), args.verbose)


if __name__ == "__main__":
    sys.exit(main())

"""`diariebot chat …`: run the chat channels without the web server, and link a chat user to
a web account (which makes them a registrar if the account is one)."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading

from bot.settings import Settings


def cmd_chat_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.chat.service import start_chat
    from bot.context import open_context

    service = start_chat(open_context(settings))
    if service is None:
        print("inga chattanslutningar / no chat connectors configured", file=sys.stderr)
        return 1
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    service.stop()
    return 0


def cmd_chat_link(args: argparse.Namespace, settings: Settings) -> int:
    from bot.chat.contacts import link
    from bot.context import open_context
    from bot.db import session_scope

    if args.connector not in settings.connectors:
        print(f"{args.connector}: ingen sådan anslutning / no such connector", file=sys.stderr)
        return 2
    try:
        with session_scope(open_context(settings).engine) as session:
            link(session, args.connector, args.chat_user, args.account)
    except LookupError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{args.chat_user} -> {args.account}")
    return 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    chat = sub.add_parser("chat", help="chatt med boten (Matrix, Teams) / chat with the bot")
    verbs = chat.add_subparsers(dest="chat_command", required=True)
    run = verbs.add_parser("run", help="kör chattanslutningarna utan webben / run the chat "
                                       "connectors without the web server")
    run.set_defaults(handler=cmd_chat_run)
    link = verbs.add_parser("link", help="koppla en chattanvändare till ett konto / link a "
                                         "chat user to a web account")
    link.add_argument("connector", help="anslutningens namn / the connector's name")
    link.add_argument("chat_user", help="chatt-id, t.ex. @anna:kommun.se / chat user id")
    link.add_argument("account", help="kontots användarnamn / the account's user name")
    link.set_defaults(handler=cmd_chat_link)

"""`diariebot previews`: render the first pages' previews of the queued items that have none
yet — items processed before previews were rendered in processing, or a home whose
`previews/` folder was deleted — so that their first view is as fast as the next too."""

from __future__ import annotations

import argparse

from sqlmodel import col, select

from bot.settings import Settings

BATCH = 500


def cmd_previews(args: argparse.Namespace, settings: Settings) -> int:
    from bot.context import open_context
    from bot.db import session_scope
    from bot.models import Item
    from bot.previews import can_preview, prerender
    from bot.states import QUEUED

    ctx = open_context(settings)
    shown = without = last = 0
    while True:
        with session_scope(ctx.engine) as session:
            items = list(session.exec(select(Item).where(
                Item.state == QUEUED, col(Item.id) > last).order_by(col(Item.id)).limit(BATCH)))
            for item in items:
                session.expunge(item)
        if not items:
            break
        last = items[-1].id or last
        for item in (i for i in items if can_preview(i)):
            if prerender(ctx, item):
                shown += 1
            else:
                without += 1
    print(f"{shown} poster har förhandsvisningar, {without} utan / "
          f"{shown} items have previews, {without} without")
    return 0


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    previews = sub.add_parser(
        "previews", help="rendera köns förhandsvisningar som saknas / render the queue's "
                         "missing previews (first pages)")
    previews.set_defaults(handler=cmd_previews)

"""A home with confirmed items to export and back up: the small registry, items filed by a
registrar into records (one by bulk, one as a new document, one refused), users and an audit
trail."""

from __future__ import annotations

import pytest

from bot.auth import add_user, find_user
from bot.context import Context
from bot.db import session_scope
from bot.decisions import confirm, new_document, reject
from tests.web.conftest import PASSWORD, Want, queue_item


def confirmed_home(ctx: Context) -> dict[str, int]:
    """Four queued items; three confirmed (two into records, one as a new document), one
    rejected. Returns the item ids by name."""
    ids = {
        "yttrande": queue_item(ctx, "Yttrande Länsstyrelsen.pdf",
                               [["Yttrande KS 2021/0456", "Länsstyrelsen"]],
                               [Want("KS 2021/0456", 2, 0.97)], submitter="anna@exempelby.se"),
        "beslut": queue_item(ctx, "beslut <2021>.pdf", [["Beslut KS 2021/0456", "Sida 1"]],
                             [Want("KS 2021/0456", 3, 0.95)], channel="scan"),
        "ny": queue_item(ctx, "Minnesanteckning.pdf", [["Anteckning KS 2020/0102"]],
                         [Want("KS 2020/0102", None, 0.7)]),
        "skräp": queue_item(ctx, "reklam.pdf", [["Köp nu"]], [Want("BN 2021/0456", 1, 0.3)]),
    }
    with session_scope(ctx.engine) as session:
        if find_user(session, "rut") is None:
            add_user(session, "rut", PASSWORD, "registrar")
        confirm(session, ids["yttrande"], "rut")
        confirm(session, ids["beslut"], "rut", action="bulk_confirm")
        new_document(session, ids["ny"], "rut", _case_id(session, "KS 2020/0102"), "minnes")
        reject(session, ids["skräp"], "rut", "reklam")
    return ids


def _case_id(session, number: str) -> int:
    from sqlmodel import select

    from bot.models import Case

    return session.exec(select(Case.id).where(Case.case_number == number)).one()


@pytest.fixture
def home(registry: Context) -> tuple[Context, dict[str, int]]:
    return registry, confirmed_home(registry)

"""A huge text through the real pipeline: matching reads a bounded, telling start of it and looks
each distinct case number up once (it used to look up every sighting: 1 MB took 17 s, 16 MB four
minutes, and the long stage then outlived its lease)."""

from __future__ import annotations

from sqlalchemy import event

from bot.db import session_scope
from bot.decisions import proposals
from bot.ingest import ingest_paths
from bot.models import Case, Item
from bot.worker import run_until_idle
from tests.hostile.conftest import open_home

DISTINCT = 40  # numbers repeated all through the text, none of them in the registry


def _huge_text(megabytes: int) -> bytes:
    head = "Yttrande över detaljplan för Tegelviken 3:14\nDnr KS 2021/0456-2\n\n"
    lines = [f"Se även ärende KS 2019/{n:04d} och BN 2018/{n:04d} i bilagan.\n"
             for n in range(1, DISTINCT // 2 + 1)]
    block = "".join(lines)
    return (head + block * (megabytes * 1_000_000 // len(block))).encode()


def test_a_16_mb_text_is_matched_on_its_start_each_number_looked_up_once(home):
    path = home.parent / "bilaga.txt"
    path.write_bytes(_huge_text(16))
    ctx = open_home(home)
    [result] = ingest_paths(ctx, [path], "anna.berg@exempelby.se")
    case_queries: list[str] = []

    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if "FROM \"case\"" in statement or "FROM case " in statement:
            case_queries.append(statement)

    event.listen(ctx.engine, "before_cursor_execute", count)
    try:
        run_until_idle(ctx)
    finally:
        event.remove(ctx.engine, "before_cursor_execute", count)
    with session_scope(ctx.engine) as session:
        item = session.get(Item, result.item_id)
        assert item is not None and item.state == "queued", item and item.state_reason
        best = proposals(session, item.id or 0)[0]
        case = session.get(Case, best.case_id)
        assert case is not None and case.case_number == "KS 2021/0456"
    # every sighting looked up would be hundreds of thousands of queries; each distinct number
    # once (a board-less retry at most) is a few dozen, whatever the text's length
    assert 0 < len(case_queries) <= 2 * (DISTINCT + 1) + 10, len(case_queries)

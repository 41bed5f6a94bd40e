"""Names shown in the queue, through the real pipeline: a file submitted as
'faktura<RIGHT-TO-LEFT OVERRIDE>fdp.exe' (shown as 'fakturaexe.pdf') keeps no bidi or control
character in its name, nor do the members of a zip; exports clean names the same way."""

from __future__ import annotations

from sqlmodel import select

from bench.hostile_files import zipped
from bot.db import session_scope
from bot.export.names import safe_name
from bot.ingest import ingest_paths
from bot.models import Item
from bot.unpack.names import visible
from bot.worker import run_until_idle
from tests.conftest import make_pdf
from tests.hostile.conftest import open_home

RLO, LRI, PDI, ZWSP = "\u202e", "\u2066", "\u2069", "\u200b"


def test_bidi_and_control_characters_leave_every_name_in_the_queue(home):
    letter = make_pdf(["Faktura", "Dnr KS 2021/0456-2"])
    folder = home.parent / "in"
    folder.mkdir()
    (folder / f"faktura{RLO}fdp.exe").write_bytes(letter)
    (folder / f"arkiv{LRI}\t{PDI}.zip").write_bytes(
        zipped([(f"bilaga{RLO}txt.pdf", make_pdf(["Bilaga"])), (f"b{ZWSP}rev\x07.txt", b"Hej")]))
    ctx = open_home(home)
    ingest_paths(ctx, [folder], "anna.berg@exempelby.se")
    run_until_idle(ctx)
    with session_scope(ctx.engine) as session:
        names = sorted(i.filename for i in session.exec(select(Item)))
    assert names == ["arkiv.zip", "bilagatxt.pdf", "brev.txt", "fakturafdp.exe"]


def test_exports_and_the_queue_share_one_rule():
    assert visible(f"a{RLO}b\x00c{ZWSP}d") == "abcd"
    assert safe_name(f"faktura{RLO}fdp.exe") == "faktura_fdp.exe"

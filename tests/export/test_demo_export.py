"""The demo municipality's confirmed items go back out: as a manifest and as an FGS package
that validates against CITS ERMS 3.0; a second export adds nothing."""

from __future__ import annotations

import pytest
from lxml import etree
from sqlmodel import col, select

from bot.context import open_context
from bot.db import session_scope
from bot.decisions import bulk_confirm
from bot.demo import run_demo
from bot.export.run import export_folder
from bot.models import Proposal
from tests.export.test_export import ERMS_XSD, _csip_schema


@pytest.mark.slow
def test_demo_confirmations_export_as_manifest_and_valid_fgs(settings, tmp_path):
    assert run_demo(settings, "127.0.0.1", 0, serve_after=False) == 0
    ctx = open_context(settings)
    with session_scope(ctx.engine) as session:
        high = session.exec(select(Proposal.item_id).where(
            Proposal.rank == 0, Proposal.confidence == "high").order_by(col(Proposal.item_id)))
        confirmed = bulk_confirm(session, list(high.all()), "registrator")
    assert confirmed > 0
    manifest = export_folder(ctx, tmp_path / "ut", "manifest")
    package = export_folder(ctx, tmp_path / "arkiv", "fgs")
    assert manifest.files == package.files == confirmed
    assert export_folder(ctx, tmp_path / "arkiv", "fgs").files == 0
    if ERMS_XSD.exists():
        erms = etree.parse(str(package.location / "metadata" / "descriptive" / "erms.xml"))
        schema = etree.XMLSchema(etree.parse(str(ERMS_XSD)))
        assert schema.validate(erms), schema.error_log
    mets_schema = _csip_schema(tmp_path)
    assert mets_schema.validate(etree.parse(str(package.location / "METS.xml")))

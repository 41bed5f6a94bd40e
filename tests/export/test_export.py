"""Exports of confirmed files: a folder with a manifest and an FGS archival package, each
incremental and idempotent, each file's original bytes and provenance intact."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree
from sqlmodel import select

from bot.cli import main
from bot.context import Context
from bot.db import session_scope
from bot.decisions import undo_last
from bot.export.files import MARKING
from bot.export.run import export_folder
from bot.models import AuditEvent, Item
from tests.conftest import CORPUS
from tests.export.conftest import confirmed_home

ERMS_XSD = CORPUS.parent / "schemas" / "cits-erms" / "ERMS_v3.xsd"


def _manifest(batch: Path) -> list[dict]:
    return json.loads((batch / "manifest.json").read_text(encoding="utf-8"))["files"]


def test_manifest_export_carries_the_original_bytes_and_their_provenance(home, tmp_path):
    ctx, ids = home
    receipt = export_folder(ctx, tmp_path / "ut", "manifest", actor="rut")
    assert receipt.files == 3 and receipt.location is not None
    rows = {r["item_id"]: r for r in _manifest(receipt.location)}
    assert set(rows) == {ids["yttrande"], ids["beslut"], ids["ny"]}
    for row in rows.values():
        data = (receipt.location / row["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"] == _blob_of(ctx, row["item_id"])
        assert row["marking"] == MARKING and row["confirmed_by"] == "rut"
    beslut = rows[ids["beslut"]]
    assert (beslut["record_number"], beslut["channel"], beslut["confirmation"]) == (
        "KS 2021/0456-3", "scan", "bulk_confirm")
    assert beslut["path"].startswith("files/KS/2021/KS 2021-0456/KS 2021-0456-3/")
    assert "<" not in beslut["path"]  # the file name is made safe; the manifest keeps the real one
    assert beslut["file_name"] == "beslut <2021>.pdf"
    assert rows[ids["ny"]]["doc_number"] is None and "ny-handling" in rows[ids["ny"]]["path"]
    assert rows[ids["yttrande"]]["supplied_by"] == "anna@exempelby.se"


def test_manifest_csv_is_semicolon_separated_with_a_bom(home, tmp_path):
    ctx, _ = home
    batch = export_folder(ctx, tmp_path / "ut", "manifest").location
    text = (batch / "manifest.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert {r["record_number"] for r in rows} == {"KS 2021/0456-2", "KS 2021/0456-3",
                                                  "KS 2020/0102"}


def test_a_second_export_adds_nothing_and_a_later_confirmation_goes_alone(home, tmp_path):
    ctx, _ = home
    out = tmp_path / "ut"
    first = export_folder(ctx, out, "manifest")
    again = export_folder(ctx, out, "manifest")
    assert (again.files, again.location) == (0, None)
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == [first.location.name]
    later = confirmed_home(ctx)  # four more items, three confirmed
    third = export_folder(ctx, out, "manifest", clock=lambda: datetime.now(UTC) + timedelta(1))
    assert {r["item_id"] for r in _manifest(third.location)} == {
        later["yttrande"], later["beslut"], later["ny"]}
    assert export_folder(ctx, out, "manifest").files == 0


def test_all_exports_again_and_since_limits_to_recent_confirmations(home, tmp_path):
    ctx, _ = home
    out = tmp_path / "ut"
    export_folder(ctx, out, "manifest")
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert export_folder(ctx, out, "manifest", everything=True, since=tomorrow).files == 0
    again = export_folder(ctx, out, "manifest", everything=True,
                          clock=lambda: tomorrow)
    assert again.files == 3


def test_each_format_and_folder_is_its_own_target(home, tmp_path):
    ctx, _ = home
    assert export_folder(ctx, tmp_path / "a", "manifest").files == 3
    assert export_folder(ctx, tmp_path / "b", "manifest").files == 3
    assert export_folder(ctx, tmp_path / "a", "fgs").files == 3


def test_an_undone_confirmation_is_not_exported(home, tmp_path):
    ctx, ids = home
    with session_scope(ctx.engine) as session:
        undo_last(session, "rut")  # the last decision: the rejection of 'skräp'
        undo_last(session, "rut")  # then the new document
    receipt = export_folder(ctx, tmp_path / "ut", "manifest")
    assert ids["ny"] not in {r["item_id"] for r in _manifest(receipt.location)}


def test_export_is_in_the_audit_trail(home, tmp_path):
    ctx, _ = home
    export_folder(ctx, tmp_path / "ut", "fgs", actor="rut")
    with session_scope(ctx.engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert len(events) == 1 and events[0].actor == "rut" and "3" in events[0].reason


def _blob_of(ctx: Context, item_id: int) -> str:
    with session_scope(ctx.engine) as session:
        return session.get(Item, item_id).sha256


def _fgs(ctx: Context, out: Path) -> Path:
    receipt = export_folder(ctx, out, "fgs")
    assert receipt.files == 3
    return receipt.location


@pytest.mark.skipif(not ERMS_XSD.exists(), reason="shared/schemas is not here")
def test_fgs_package_erms_validates_against_cits_erms_3(home, tmp_path):
    ctx, _ = home
    package = _fgs(ctx, tmp_path / "arkiv")
    schema = etree.XMLSchema(etree.parse(str(ERMS_XSD)))
    doc = etree.parse(str(package / "metadata" / "descriptive" / "erms.xml"))
    assert schema.validate(doc), schema.error_log
    ns = {"e": "https://DILCIS.eu/XML/ERMS"}
    assert doc.xpath("//e:aggregation/e:objectId/text()", namespaces=ns) == [
        "KS 2020/0102", "KS 2021/0456"]
    records = doc.xpath("//e:record/e:objectId/text()", namespaces=ns)
    assert "KS 2021/0456-2" in records and "KS 2021/0456-3" in records
    notes = doc.xpath("//e:record/e:notes/e:note/@noteType", namespaces=ns)
    assert notes == [MARKING] * 3


def test_fgs_package_mets_lists_every_file_with_its_checksum(home, tmp_path):
    ctx, _ = home
    package = _fgs(ctx, tmp_path / "arkiv")
    mets = etree.parse(str(package / "METS.xml"))
    ns = {"m": "http://www.loc.gov/METS/", "x": "http://www.w3.org/1999/xlink"}
    assert mets.getroot().get("OBJID") == package.name
    files = mets.xpath("//m:fileSec//m:file", namespaces=ns)
    assert len(files) == 3
    for f in files:
        href = f.xpath("m:FLocat/@x:href", namespaces=ns)[0]
        data = (package / href).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f.get("CHECKSUM")
        assert int(f.get("SIZE")) == len(data) and f.get("CHECKSUMTYPE") == "SHA-256"
    md = mets.xpath("//m:dmdSec/m:mdRef", namespaces=ns)[0]
    erms = (package / md.get("{http://www.w3.org/1999/xlink}href")).read_bytes()
    assert hashlib.sha256(erms).hexdigest() == md.get("CHECKSUM")
    sums = (package / "manifest-sha256.txt").read_text().splitlines()
    assert len(sums) == 4


def _csip_schema(tmp_path: Path) -> etree.XMLSchema:
    """METS with the E-ARK CSIP extension attributes, from the schemas the E-ARK validator
    package ships (read as files: importing the package fetches vocabularies from the network,
    which is closed here)."""
    spec = importlib.util.find_spec("eark_validator")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("eark-validator is not installed")
    folder = Path(spec.submodule_search_locations[0]) / "ipxml" / "resources" / "schema"
    wrapper = tmp_path / "csip.xsd"
    wrapper.write_text(
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">'
        f'<xsd:import namespace="http://DILCIS.eu/XML/METS/CSIP" '
        f'schemaLocation="{folder / "mets.csip.local.v2-0.xsd"}"/>'
        f'<xsd:import namespace="https://DILCIS.eu/XML/METS/CSIPExtensionMETS" '
        f'schemaLocation="{folder / "DILCISExtensionMETS.xsd"}"/></xsd:schema>')
    return etree.XMLSchema(etree.parse(str(wrapper)))


def test_fgs_package_mets_validates_against_mets_and_the_csip_extension(home, tmp_path):
    ctx, _ = home
    package = _fgs(ctx, tmp_path / "arkiv")
    mets = etree.parse(str(package / "METS.xml"))
    schema = _csip_schema(tmp_path)
    assert schema.validate(mets), schema.error_log
    mets.getroot().set("{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}CONTENTINFORMATIONTYPE",
                       "nonsense")  # the extension is really checked
    assert not schema.validate(mets)


def test_cli_export_prints_a_receipt_and_then_nothing_new(home, tmp_path, capsys):
    ctx, _ = home
    args = ["--home", str(ctx.settings.home), "export", str(tmp_path / "ut"), "--format", "fgs"]
    assert main(args) == 0
    assert "3 filer exporterade" in capsys.readouterr().out
    assert main(args) == 0
    assert "inget nytt" in capsys.readouterr().out


def test_cli_export_refuses_a_bad_since(home, tmp_path, capsys):
    ctx, _ = home
    args = ["--home", str(ctx.settings.home), "export", str(tmp_path / "ut"), "--since", "igår"]
    assert main(args) == 1
    assert "igår" in capsys.readouterr().err

"""The descriptive metadata of an archival package in CITS ERMS 3.0 (FGS Ärendehantering):
one case file (aggregation) per case, one record per registered document record, each
recovered file an appendix with its provenance, marked as a recovered copy."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from lxml import etree

from bot.export.files import MARKING, ExportFile
from bot.models import Case

NS = "https://DILCIS.eu/XML/ERMS"
E = f"{{{NS}}}"
DIRECTIONS = {"incoming": ("incoming", "sender", "received"),
              "outgoing": ("outgoing", "recipient", "sent")}
INTERNAL = ("other", "counterpart", "created")


def _sub(parent: etree._Element, tag: str, text: object = None,
         **attrs: str | None) -> etree._Element:
    node = etree.SubElement(parent, E + tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        node.text = str(text)
    return node


def _stamp(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(timespec="seconds")
    return f"{value.isoformat()}T00:00:00"


def _agent(parent: etree._Element, kind: str, name: str, unit: str | None = None) -> None:
    agent = _sub(parent, "agent", agentType=kind)
    _sub(agent, "name", name)
    if unit:
        _sub(agent, "unitName", unit)


def control(root: etree._Element, package_id: str, organisation: str, created: datetime) -> None:
    ctl = _sub(root, "control")
    _sub(ctl, "identification", package_id, identificationType="diariebot export")
    info = _sub(ctl, "maintenanceInformation")
    _sub(info, "maintenanceStatus", value="new")
    _sub(_sub(info, "maintenanceAgency"), "agencyName", organisation)
    event = _sub(_sub(info, "maintenanceHistory"), "maintenanceEvent")
    _sub(event, "eventType", value="created")
    _sub(event, "eventDateTime", _stamp(created))
    _agent(event, "creator", "diariebot")


def _status(case: Case) -> str | None:
    text = (case.status or "").lower()
    if any(w in text for w in ("avslut", "avsluta", "closed", "arkiv")):
        return "closed"
    if any(w in text for w in ("pågå", "öppe", "open", "aktiv")):
        return "open"
    return None


def case_file(parent: etree._Element, case: Case) -> etree._Element:
    agg = _sub(parent, "aggregation", systemIdentifier=f"case-{case.id}",
               aggregationType="caseFile")
    _sub(agg, "objectId", case.case_number)
    if case.title:
        _sub(agg, "title", case.title)
    status = _status(case)
    if status:
        _sub(agg, "status", value=status)
    if case.handler:
        _agent(_sub(agg, "agents"), "responsible_person", case.handler, case.board)
    if case.opened:
        _sub(_sub(agg, "dates"), "date", _stamp(case.opened), dateType="opened")
    return agg


def record(parent: etree._Element, files: list[ExportFile], paths: dict[int, str]) -> None:
    """One registered record (or a new document of the case) with its recovered files."""
    first = files[0]
    doc = first.document
    rec = _sub(parent, "record", systemIdentifier=f"document-{doc.id}" if doc
               else f"item-{first.item.id}", recordPhysicalOrDigital="digital")
    _sub(rec, "objectId", first.record_number if doc
         else f"{first.case.case_number} (ny handling / new document {first.item.id})")
    _sub(rec, "title", (doc.description if doc else None) or first.item.filename)
    if doc:
        _sub(rec, "runningNumber", doc.doc_number)
        _record_parties(rec, first)
    notes = _sub(rec, "notes")
    for f in files:
        _sub(notes, "note", _provenance_note(f), noteType=MARKING,
             noteDate=_stamp(f.decision.at))
    _appendices(_sub(rec, "additionalInformation"), files, paths)


def _record_parties(rec: etree._Element, file: ExportFile) -> None:
    doc = file.document
    assert doc is not None
    direction, role, when = DIRECTIONS.get(doc.direction, INTERNAL)
    other = None if direction != "other" else "upprättad / internal"
    _sub(rec, "direction", directionDefinition=direction, otherDirectionDefinition=other)
    if doc.counterpart:
        _agent(_sub(rec, "agents"), role, doc.counterpart)
    if doc.date:
        _sub(_sub(rec, "dates"), "date", _stamp(doc.date), dateType=when)


def _provenance_note(f: ExportFile) -> str:
    who = f.submission.submitter or "okänd / unknown"
    pages = f" (sidorna {f.pages[0]}–{f.pages[1]} i originalet)" if f.pages else ""
    return (f"Återskapad kopia{pages}: {f.item.filename}, SHA-256 {f.item.sha256}, lämnad av "
            f"{who} via {f.submission.channel} {_stamp(f.submission.received_at)}, bekräftad av "
            f"{f.decision.actor} {_stamp(f.decision.at)}.")


def _appendices(info: etree._Element, files: list[ExportFile], paths: dict[int, str]) -> None:
    for f in files:
        etree.SubElement(info, E + "appendix", name=f.item.filename or "fil",
                         path=paths[f.item.id or 0], fileFormat=f.item.media_type,
                         description=f"{MARKING}; SHA-256 {f.item.sha256}")
    own = _sub(info, "ownElement")
    _sub(own, "ownElementDescription", "Proveniens för återskapade kopior (diariebot)")
    for f in files:
        node = _sub(own, "ownElement", name=f"item-{f.item.id}")
        for key, value in f.provenance().items():
            if value is not None:
                _sub(_sub(node, "ownElement", name=key), "value",
                     "-".join(map(str, value)) if isinstance(value, list) else value)


def _grouped(files: list[ExportFile]) -> dict[int, dict[object, list[ExportFile]]]:
    cases: dict[int, dict[object, list[ExportFile]]] = defaultdict(lambda: defaultdict(list))
    for f in files:
        key: object = f.document.id if f.document else ("new", f.item.id)
        cases[f.case.id or 0][key].append(f)
    return cases


def erms_xml(files: list[ExportFile], paths: dict[int, str], package_id: str,
             organisation: str, created: datetime) -> bytes:
    """The whole erms.xml: control, then a case file per case with its records."""
    root = etree.Element(E + "erms", nsmap={None: NS})
    control(root, package_id, organisation, created)
    aggregations = _sub(root, "aggregations")
    cases = {f.case.id: f.case for f in files}
    ordered = sorted(_grouped(files).items(), key=lambda kv: cases[kv[0]].case_number)
    for case_id, records in ordered:
        agg = case_file(aggregations, cases[case_id])
        for group in records.values():
            record(agg, group, paths)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))

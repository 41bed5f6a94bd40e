"""The package's METS file (E-ARK CSIP structure): who made it, the ERMS metadata and every
file with its size and SHA-256, and the physical structure map tying them together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lxml import etree

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
M = f"{{{METS}}}"
X = f"{{{XLINK}}}"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
PROFILE = "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml"
DATA_USE = "Representations/rep1/Data"


@dataclass(frozen=True)
class PackedFile:
    """A file inside the package: its path there, type, size, checksum and when it arrived."""

    ident: str
    path: str
    media_type: str
    size: int
    sha256: str
    created: datetime


def _stamp(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat()


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, M + tag, attrs)


def _header(root: etree._Element, organisation: str, created: datetime) -> None:
    hdr = _sub(root, "metsHdr", CREATEDATE=_stamp(created), RECORDSTATUS="NEW",
               **{f"{{{CSIP}}}OAISPACKAGETYPE": "SIP"})
    software = _sub(hdr, "agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    etree.SubElement(software, M + "name").text = "diariebot"
    archivist = _sub(hdr, "agent", ROLE="ARCHIVIST", TYPE="ORGANIZATION")
    etree.SubElement(archivist, M + "name").text = organisation


def _link(parent: etree._Element, tag: str, f: PackedFile, **attrs: str) -> etree._Element:
    return _sub(parent, tag, LOCTYPE="URL", **{X + "type": "simple", X + "href": f.path},
                **attrs)


def _checksums(f: PackedFile) -> dict[str, str]:
    return {"MIMETYPE": f.media_type, "SIZE": str(f.size), "CREATED": _stamp(f.created),
            "CHECKSUM": f.sha256, "CHECKSUMTYPE": "SHA-256"}


def mets_xml(package_id: str, label: str, organisation: str, created: datetime,
             descriptive: PackedFile, files: list[PackedFile]) -> bytes:
    attrs = {"OBJID": package_id, "LABEL": label, "TYPE": "ERMS", "PROFILE": PROFILE,
             f"{{{CSIP}}}CONTENTINFORMATIONTYPE": "ERMS"}
    root = etree.Element(M + "mets", attrs, nsmap={"mets": METS, "xlink": XLINK, "csip": CSIP})
    _header(root, organisation, created)
    dmd = _sub(root, "dmdSec", ID=descriptive.ident, CREATED=_stamp(created))
    _link(dmd, "mdRef", descriptive, MDTYPE="OTHER", OTHERMDTYPE="ERMS",
          **_checksums(descriptive))
    group = _sub(_sub(root, "fileSec", ID="filesec"), "fileGrp", ID="rep1-data", USE=DATA_USE)
    for f in files:
        _link(_sub(group, "file", ID=f.ident, **_checksums(f)), "FLocat", f)
    top = _sub(_sub(root, "structMap", TYPE="PHYSICAL", LABEL="CSIP"), "div", LABEL=package_id)
    _sub(top, "div", LABEL="Metadata", DMDID=descriptive.ident)
    data = _sub(top, "div", LABEL=DATA_USE)
    for f in files:
        _sub(data, "fptr", FILEID=f.ident)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))

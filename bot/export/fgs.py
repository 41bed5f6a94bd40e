"""Export format 2: an archival package for the e-archive, following Riksarkivet's FGS for case
management (CITS ERMS 3.0) inside the E-ARK package structure: METS.xml at the top, the ERMS
metadata under metadata/descriptive/, the original files under representations/rep1/data/,
and a SHA-256 list of every file."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from pathlib import Path, PurePosixPath

from bot.blobs import BlobStore
from bot.export.erms import erms_xml
from bot.export.files import ExportFile
from bot.export.folder import copy_blob, staged
from bot.export.mets import PackedFile, mets_xml
from bot.export.names import file_path

DATA = PurePosixPath("representations/rep1/data")
ERMS_PATH = "metadata/descriptive/erms.xml"


def _packed(files: list[ExportFile]) -> list[PackedFile]:
    return [PackedFile(f"file-{f.item.id}", str(DATA / file_path(f)), f.item.media_type,
                       f.item.size, f.item.sha256, f.submission.received_at) for f in files]


def write_package(blobs: BlobStore, out_dir: Path, files: list[ExportFile], organisation: str,
                  created: datetime) -> tuple[Path, str]:
    """Write one package folder; returns it and its id (a UUID, as E-ARK asks)."""
    package_id = f"uuid-{uuid.uuid4()}"
    packed = _packed(files)
    with staged(out_dir / package_id) as temp:
        for p, f in zip(packed, files, strict=True):
            copy_blob(blobs, f.item.sha256, temp, PurePosixPath(p.path))
        paths = {f.item.id or 0: p.path for p, f in zip(packed, files, strict=True)}
        erms = erms_xml(files, paths, package_id, organisation, created)
        (temp / ERMS_PATH).parent.mkdir(parents=True)
        (temp / ERMS_PATH).write_bytes(erms)
        descriptive = PackedFile("dmd-erms", ERMS_PATH, "text/xml", len(erms),
                                 hashlib.sha256(erms).hexdigest(), created)
        mets = mets_xml(package_id, "Återskapade handlingar (diariebot)", organisation,
                        created, descriptive, packed)
        (temp / "METS.xml").write_bytes(mets)
        sums = [*packed, descriptive]
        (temp / "manifest-sha256.txt").write_text(
            "".join(f"{p.sha256}  {p.path}\n" for p in sums), encoding="utf-8")
    return out_dir / package_id, package_id

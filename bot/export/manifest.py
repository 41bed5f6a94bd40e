"""Export format 1: a folder tree of the original files and a manifest (CSV and JSON) for the
bulk import that every diarium product offers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path, PurePosixPath

from bot.blobs import BlobStore
from bot.export.files import ExportFile
from bot.export.folder import copy_blob, staged
from bot.export.names import file_path

COLUMNS = ("case_number", "doc_number", "record_number", "path", "file_name", "sha256", "size",
           "media_type", "pages", "supplied_by", "channel", "received_at", "confirmed_at",
           "confirmed_by", "confirmation", "item_id", "submission_id", "marking")


def rows(files: list[ExportFile], prefix: PurePosixPath) -> list[dict[str, object]]:
    return [{**f.provenance(), "path": str(prefix / file_path(f))} for f in files]


def csv_text(manifest: list[dict[str, object]]) -> str:
    """Semicolon-separated with a BOM: what Swedish Excel and diarium imports open directly."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for row in manifest:
        writer.writerow({k: _cell(row.get(k)) for k in COLUMNS})
    return "\ufeff" + out.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, list):
        return "-".join(str(v) for v in value)
    return "" if value is None else value


def write_batch(blobs: BlobStore, batch_dir: Path, files: list[ExportFile],
                header: dict[str, object]) -> list[dict[str, object]]:
    """files/… + manifest.csv + manifest.json in `batch_dir` (created whole or not at all)."""
    manifest = rows(files, PurePosixPath("files"))
    with staged(batch_dir) as temp:
        for row, file in zip(manifest, files, strict=True):
            copy_blob(blobs, file.item.sha256, temp, PurePosixPath(str(row["path"])))
        (temp / "manifest.csv").write_text(csv_text(manifest), encoding="utf-8")
        document = {"export": header, "files": manifest}
        (temp / "manifest.json").write_text(
            json.dumps(document, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return manifest

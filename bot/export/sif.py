"""The write-back adapter for Tieto Evry's Public 360 through its SIF web services (JSON over
HTTP): DocumentService/UpdateDocument attaches a file to an existing document record,
DocumentService/GetDocuments tells whether the file is there already."""

from __future__ import annotations

import base64
from pathlib import PurePosixPath
from typing import Any

import requests

from bot.export.files import MARKING, ExportFile
from bot.export.writeback import WriteBackError

TIMEOUT = 120


class SifAdapter:
    """Public 360 SIF: `url` is the SIF base (…/SIF), `authkey` the integration's key."""

    def __init__(self, url: str, authkey: str, session: requests.Session | None = None) -> None:
        self.url = url.rstrip("/")
        self.authkey = authkey
        self.http = session or requests.Session()
        self.target = f"sif:{self.url}"

    def _call(self, method: str, parameter: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self.http.post(f"{self.url}/DocumentService/{method}",
                                      params={"authkey": self.authkey},
                                      json={"parameter": parameter}, timeout=TIMEOUT)
        except requests.RequestException as error:  # refused, timed out, or the answer lost
            raise WriteBackError(f"SIF {method}: {type(error).__name__}", uncertain=True) from None
        if response.status_code != 200:
            transient = response.status_code >= 500 or response.status_code == 429
            raise WriteBackError(f"SIF {method}: HTTP {response.status_code}", transient)
        body = response.json()
        if not body.get("Successful"):
            raise WriteBackError(f"SIF {method}: {body.get('ErrorMessage') or 'refused'}")
        return dict(body)

    def attach(self, file: ExportFile, data: bytes) -> str:
        name = PurePosixPath(file.item.filename or "fil")
        body = self._call("UpdateDocument", {
            "DocumentNumber": file.record_number,
            "Files": [{"Title": name.stem or "fil", "Format": name.suffix.lstrip(".") or "bin",
                       "Base64Data": base64.b64encode(data).decode("ascii"),
                       "VersionFormat": "A", "Note": note(file)}],
        })
        return str(body.get("Recno", ""))

    def find(self, file: ExportFile) -> str | None:
        body = self._call("GetDocuments", {"DocumentNumber": file.record_number,
                                           "IncludeFiles": True})
        for document in body.get("Documents") or []:
            for stored in document.get("Files") or []:
                if file.item.sha256 in str(stored.get("Note") or ""):
                    return str(stored.get("Recno", document.get("Recno", "")))
        return None


def note(file: ExportFile) -> str:
    """The file's provenance in the registry's own note field; the file itself stays as is."""
    who = file.submission.submitter or "okänd"
    return (f"{MARKING.capitalize()} (diariebot). SHA-256 {file.item.sha256}. Lämnad av {who} "
            f"via {file.submission.channel}, bekräftad av {file.decision.actor}.")

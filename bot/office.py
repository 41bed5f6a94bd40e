"""Office files, RTF and HTML to PDF through LibreOffice headless, in a bounded child.

Each conversion runs ``soffice --headless --convert-to pdf`` in a temporary folder of its own,
with a fresh profile there (two conversions never share one), macros off, linked images not
fetched and every web request sent to a closed port; the process group is killed at the
timeout (bot/bounded.py). The original bytes are only copied in; the PDF is the rendition
the pipeline reads and previews.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from bot import bounded
from bot.sniff import DOC, DOCX, HTML, PPTX, XLSX

TIMEOUT_SECONDS = 120.0
MEMORY_BYTES = 3 << 30  # address space: LibreOffice maps far more than it uses
MAX_PDF_BYTES = 200_000_000
SOFFICE = "soffice"

# The media types converted, with the file extension LibreOffice's type detection expects.
EXTENSIONS = {
    DOC: ".doc",
    DOCX: ".docx",
    "application/vnd.ms-excel": ".xls",
    XLSX: ".xlsx",
    "application/vnd.ms-powerpoint": ".ppt",
    PPTX: ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
    "application/rtf": ".rtf",
    HTML: ".html",
}

TEXT = {
    "failed": "LibreOffice kunde inte läsa filen / LibreOffice could not read the file",
    "timeout": "LibreOffice avbröts efter {limit} s / LibreOffice stopped after {limit} s",
    "missing": "LibreOffice (soffice) är inte installerat / LibreOffice is not installed",
}

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{items}
</oor:items>
"""
_SETTINGS = (
    ("org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("org.openoffice.Inet/Settings", "ooInetProxyType", "2"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPProxyName", "127.0.0.1"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPProxyPort", "9"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPSProxyName", "127.0.0.1"),
    ("org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort", "9"),
    ("org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
)


class OfficeError(Exception):
    """The file could not be converted; the message is user-readable (Swedish / English)."""


def convertible(media_type: str) -> bool:
    return media_type in EXTENSIONS


def available() -> bool:
    return shutil.which(SOFFICE) is not None


def to_pdf(data: bytes, media_type: str) -> bytes:
    """The PDF rendition of `data`; OfficeError when LibreOffice cannot make one."""
    if not available():
        raise OfficeError(TEXT["missing"])
    _sweep()
    with tempfile.TemporaryDirectory(prefix="diariebot-office-") as folder:
        work = Path(folder)
        source = work / f"original{EXTENSIONS[media_type]}"
        source.write_bytes(data)
        _write_profile(work / "profile")
        try:
            bounded.run(_command(work, source, media_type), b"", MEMORY_BYTES, TIMEOUT_SECONDS,
                        env=_environment(work), cwd=work)
        except bounded.TimedOut as exc:
            raise OfficeError(TEXT["timeout"].format(limit=f"{TIMEOUT_SECONDS:g}")) from exc
        return _result(work / "out" / "original.pdf")


def _sweep() -> None:
    """Remove the folders of conversions whose worker was killed before it could (each holds a
    copy of someone's document): older than any conversion may last."""
    stale = time.time() - 2 * TIMEOUT_SECONDS
    for folder in Path(tempfile.gettempdir()).glob("diariebot-office-*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and folder.stat().st_mtime < stale:
                shutil.rmtree(folder, ignore_errors=True)


def _command(work: Path, source: Path, media_type: str) -> list[str]:
    # HTML opens in Writer, not Writer/Web: the latter's PDF export of 7.4 headless is blank
    target = ["--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export"] if (
        media_type == HTML) else ["--convert-to", "pdf"]
    return [SOFFICE, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
            "--norestore", "--nolockcheck", *target, "--outdir", str(work / "out"), str(source)]


def _environment(work: Path) -> dict[str, str]:
    """No proxy but a closed port, no home but the work folder."""
    closed = "http://127.0.0.1:9"
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(work),
            "TMPDIR": str(work), "LANG": "C.UTF-8", "SAL_USE_VCLPLUGIN": "svp",
            "http_proxy": closed, "https_proxy": closed, "HTTP_PROXY": closed,
            "HTTPS_PROXY": closed, "no_proxy": ""}


def _write_profile(profile: Path) -> None:
    items = "\n".join(
        f'<item oor:path="/{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>"
        for path, name, value in _SETTINGS
    )
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        _PROFILE.format(items=items), encoding="utf-8")


def _result(pdf: Path) -> bytes:
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise OfficeError(TEXT["failed"])  # soffice exits 0 even when it converted nothing
    if pdf.stat().st_size > MAX_PDF_BYTES:
        raise OfficeError(TEXT["failed"])
    data = pdf.read_bytes()
    if not data.startswith(b"%PDF"):
        raise OfficeError(TEXT["failed"])
    return data

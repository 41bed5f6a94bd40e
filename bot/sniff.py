"""Tell a file's media type from its content (magic bytes), never from its name alone."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

import olefile

PDF = "application/pdf"
ZIP = "application/zip"
MSG = "application/vnd.ms-outlook"
TNEF = "application/vnd.ms-tnef"
SEVEN_ZIP = "application/x-7z-compressed"
RAR = "application/vnd.rar"
TAR = "application/x-tar"
GZIP = "application/gzip"
BZIP2 = "application/x-bzip2"
XZ = "application/x-xz"
EMAIL = "message/rfc822"
DOC = "application/msword"
OLE = "application/x-ole-storage"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
TEXT = "text/plain"
HTML = "text/html"
XML = "text/xml"
OCTET = "application/octet-stream"
TNEF_MAGIC = b"\x78\x9f\x3e\x22"  # 0x223E9F78 little-endian

_SIMPLE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"II+\x00", "image/tiff"),  # BigTIFF
    (b"MM\x00+", "image/tiff"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (TNEF_MAGIC, TNEF),
    (b"{\\rtf", "application/rtf"),
    (b"7z\xbc\xaf\x27\x1c", SEVEN_ZIP),
    (b"Rar!\x1a\x07", RAR),
    (b"\x1f\x8b\x08", GZIP),
    (b"\xfd7zXZ\x00", XZ),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"}
_HEIF_BRANDS = {b"mif1", b"msf1"}

_OOXML_MEMBERS = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("ppt/presentation.xml", PPTX),
)
_OLE_STREAMS = (
    ("WordDocument", DOC),
    ("Workbook", "application/vnd.ms-excel"),
    ("Book", "application/vnd.ms-excel"),
    ("PowerPoint Document", "application/vnd.ms-powerpoint"),
)
_MSG_MARK = "__substg1.0_"

_MAIL_HEADERS = {
    "from",
    "received",
    "subject",
    "mime-version",
    "return-path",
    "date",
    "to",
    "message-id",
    "delivered-to",
    "reply-to",
    "content-type",
    "sender",
    "cc",
}
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY", re.S)
_HEADER_LINE = re.compile(rb"^([!-9;-~]+)[ \t]*:")
_HTML_START = re.compile(rb"<(!doctype\s+html|html|head|body)\b", re.I)
_HTML_TAG = re.compile(rb"<html\b", re.I)
_TEXT_SAMPLE = 65536
_TEXT_BY_EXTENSION = {
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
    ".htm": HTML,
    ".html": HTML,
    ".xml": XML,
    ".json": "application/json",
}


def sniff(data: bytes, filename: str | None = None) -> str:
    """Return the media type of `data`; `filename` only refines plain text (.csv, .html …)."""
    head = data[:64]
    for magic, media_type in _SIMPLE_MAGIC:
        if head.startswith(magic):
            return media_type
    binary = _sniff_binary(data)  # before the PDF search: a zip may hold a stored PDF
    if binary:
        return binary
    if b"%PDF" in data[:1024]:
        return PDF
    return _sniff_text(data, filename)


def _sniff_binary(data: bytes) -> str | None:
    """The container and image formats that need more than a fixed prefix."""
    if data.startswith(_ZIP_MAGIC):
        return _sniff_zip(data)
    if data.startswith(_OLE_MAGIC):
        return _sniff_ole(data)
    if data[257:262] == b"ustar":
        return TAR
    if _BZIP2.match(data[:10]):
        return BZIP2
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp":
        return _sniff_iso_bmff(data)
    if data[:2] == b"BM" and len(data) >= 26 and data[6:10] == b"\x00\x00\x00\x00":
        return "image/bmp"
    return None


def _sniff_iso_bmff(data: bytes) -> str | None:
    """HEIC/HEIF/AVIF photos (phones) share the ISO base media `ftyp` box."""
    box_size = int.from_bytes(data[:4], "big")
    brands = {data[8:12]}
    brands.update(data[i : i + 4] for i in range(16, min(box_size, 64), 4))
    if brands & _HEIC_BRANDS:
        return "image/heic"
    if b"avif" in brands:
        return "image/avif"
    if brands & _HEIF_BRANDS:
        return "image/heif"
    return None


def _sniff_zip(data: bytes) -> str:
    """Office Open XML and OpenDocument files are zips; tell them apart by their members."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            for member, media_type in _OOXML_MEMBERS:
                if member in names:
                    return media_type
            if "mimetype" in names:
                return _opendocument_type(archive) or ZIP
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        pass  # a damaged zip is still a zip: unpack() reports it properly
    return ZIP


def _opendocument_type(archive: zipfile.ZipFile) -> str | None:
    info = archive.getinfo("mimetype")
    if info.file_size > 200 or info.flag_bits & 0x1:
        return None
    value = archive.read(info).decode("ascii", errors="replace").strip()
    return value if value.startswith("application/vnd.oasis.opendocument") else None


def _sniff_ole(data: bytes) -> str:
    """OLE2 compound files: Outlook .msg, legacy Word/Excel/PowerPoint, or something else."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            top = {entry[0] for entry in ole.listdir(streams=True, storages=True)}
    except Exception:  # edge: olefile raises many kinds of error on fuzzed files
        return _sniff_ole_raw(data)
    if any(name.startswith(_MSG_MARK) for name in top):
        return MSG
    for stream, media_type in _OLE_STREAMS:
        if stream in top:
            return media_type
    return OLE


def _sniff_ole_raw(data: bytes) -> str:
    """Damaged OLE2 file: look for directory entry names (UTF-16LE) in the raw bytes."""
    if _MSG_MARK.encode("utf-16-le") in data:
        return MSG
    if "WordDocument".encode("utf-16-le") in data:
        return DOC
    return OLE


def _sniff_text(data: bytes, filename: str | None) -> str:
    """Email, HTML or plain text; anything that is not text is octet-stream."""
    sample = data[:_TEXT_SAMPLE]
    if _looks_like_email(sample):
        return EMAIL  # checked first: real mail may carry stray binary bytes in its body
    if not sample or not _looks_like_text(sample):
        return OCTET
    if _looks_like_html(sample[:4096]):
        return HTML
    if _looks_like_xml(sample[:4096]):
        return XML  # an e-invoice, an export: whatever its name says
    extension = _extension(filename)
    return _TEXT_BY_EXTENSION.get(extension, TEXT)


def _looks_like_html(sample: bytes) -> bool:
    """An HTML start tag after any BOM, whitespace and comments (skipped without regex)."""
    text = sample.removeprefix(codecs.BOM_UTF8).lstrip()
    while text.startswith(b"<!--"):
        end = text.find(b"-->")
        if end < 0:
            return False
        text = text[end + 3 :].lstrip()
    return bool(_HTML_START.match(text))


def _looks_like_xml(sample: bytes) -> bool:
    """An XML declaration first (after any BOM and whitespace), and no HTML (XHTML stays text)."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if sample.startswith(bom):
            sample = sample[2:].decode(encoding, "replace").encode()
    text = sample.removeprefix(codecs.BOM_UTF8).lstrip()
    return text.startswith(b"<?xml") and not _HTML_TAG.search(text)


def _extension(filename: str | None) -> str:
    if not filename or "." not in filename:
        return ""
    return "." + filename.rsplit(".", 1)[1].lower()


def _looks_like_text(sample: bytes) -> bool:
    """UTF-8 (or UTF-16 with a BOM), or cp1252 with hardly any control characters."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        text = sample.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    return controls <= len(text) // 100


def _looks_like_email(sample: bytes) -> bool:
    """RFC 822 headers at the top (an mbox "From " line and blank lines tolerated)."""
    lines = sample[:16384].splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and lines[0].startswith(b"From "):
        lines.pop(0)
    if not lines or not _HEADER_LINE.match(lines[0]):
        return False
    names: set[str] = set()
    for line in lines[:60]:
        match = _HEADER_LINE.match(line)
        if match:
            names.add(match.group(1).decode("ascii").lower())
        elif not line.strip() or line[:1] not in (b" ", b"\t"):
            break  # end of the header block (some mail lacks the blank separator line)
    return len(names) >= 2 and bool(names & _MAIL_HEADERS)

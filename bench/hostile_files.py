"""Hostile files, generated small: the tests in tests/hostile/ and `python -m bench.hostile`
build them here. Each returns bytes; none is kept in the repository."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

LETTER = "Yttrande över detaljplan\nDnr KS 2021/0456-2\n"


def zipped(members: list[tuple[str, bytes]], level: int = 9) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def fan_out(levels: int, width: int = 8, path: str = "") -> bytes:
    """A zip of `width` zips of `width` zips … `levels` deep, a small text at the bottom, each
    different (no copy of another, which would stop as a duplicate): width ** levels files."""
    if levels == 0:
        return f"{LETTER}Bilaga {path}\n".encode()
    name = "brev.txt" if levels == 1 else "del.zip"
    return zipped([(f"{n}-{name}", fan_out(levels - 1, width, f"{path}.{n}"))
                   for n in range(width)])


def _rename_last(data: bytes, length_offset: tuple[int, int]) -> bytes:
    """The last member's name (one character) made empty in both headers; the byte is kept as
    an extra field so no offset moves."""
    raw = bytearray(data)
    for signature, offset in zip((b"PK\x03\x04", b"PK\x01\x02"), length_offset, strict=True):
        at = raw.rfind(signature)
        name_length, extra_length = struct.unpack_from("<HH", raw, at + offset)
        assert name_length == 1
        struct.pack_into("<HH", raw, at + offset, 0, extra_length + 1)
    return bytes(raw)


def empty_named_member(good: list[tuple[str, bytes]]) -> bytes:
    """A zip of `good` members and, last, one whose name is empty (zipfile's IndexError)."""
    return _rename_last(zipped([*good, ("Q", b"bad member")]), (26, 28))


def damaged_member(good: list[tuple[str, bytes]]) -> bytes:
    """A zip of `good` members and, last, one whose deflated bytes are garbage."""
    data = bytearray(zipped([*good, ("trasig.txt", LETTER.encode() * 50)]))
    at = data.rfind(b"PK\x03\x04")
    name_length, extra_length = struct.unpack_from("<HH", data, at + 26)
    start = at + 30 + name_length + extra_length
    data[start : start + 16] = b"\xff" * 16
    return bytes(data)


def nested_forwards(depth: int) -> bytes:
    """An e-mail forwarding an e-mail forwarding … `depth` levels of message/rfc822."""
    message = b"From: a@exempelby.se\r\nSubject: innersta\r\n\r\n" + LETTER.encode() + b"\r\n"
    for level in range(depth):
        boundary = b"b%d" % level
        message = (
            b"From: a@exempelby.se\r\nSubject: Fwd " + str(level).encode() + b"\r\n"
            b"MIME-Version: 1.0\r\n"
            b'Content-Type: multipart/mixed; boundary="' + boundary + b'"\r\n\r\n'
            b"--" + boundary + b"\r\nContent-Type: text/plain\r\n\r\nSe nedan.\r\n"
            b"--" + boundary + b"\r\nContent-Type: message/rfc822\r\n\r\n"
            + message + b"\r\n--" + boundary + b"--\r\n"
        )
    return message


def docx_bomb(megabytes: int, lie: bool = True) -> bytes:
    """A .docx whose word/document.xml inflates to `megabytes` MB of empty paragraphs from a
    few hundred kB; with `lie`, its headers declare 1 kB for it."""
    import docx  # python-docx: a real document around the bomb

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as original:
        members = [(i.filename, original.read(i)) for i in original.infolist()]
    paragraph = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    body = paragraph * (megabytes * 1_000_000 // len(paragraph))
    members = [(name, _swap_body(data, body) if name == "word/document.xml" else data)
               for name, data in members]
    bomb = zipped(members)
    return _declare(bomb, "word/document.xml", 1000) if lie else bomb


def _swap_body(document: bytes, body: bytes) -> bytes:
    start = document.index(b"<w:body>") + len(b"<w:body>")
    return document[:start] + body + document[start:]


def _declare(data: bytes, name: str, size: int) -> bytes:
    """`name`'s uncompressed size written as `size` in its local and central headers."""
    raw = bytearray(data)
    encoded = name.encode()
    for signature, field in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.find(signature)
        while at >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at : name_at + len(encoded)] == encoded:
                struct.pack_into("<I", raw, at + field, size)
            at = raw.find(signature, at + 4)
    return bytes(raw)


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1 0 obj is the catalogue), with its cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def _page_pdf(content: bytes, media_box: str = "0 0 595 842", filters: bytes = b"") -> bytes:
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [" + media_box.encode() + b"] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d " % len(content) + filters + b">>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def pdf_flate_bomb(megabytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to `megabytes` MB of spaces (then a line of
    text): 4,096 MB pack into about 4 MB."""
    packer = zlib.compressobj(9)
    block = b" " * (1 << 20)
    packed = [packer.compress(block) for _ in range(megabytes)]
    packed.append(packer.compress(b"BT /F1 12 Tf 72 720 Td (Dnr KS 2021/0456-2) Tj ET"))
    packed.append(packer.flush())
    return _page_pdf(b"".join(packed), filters=b"/Filter /FlateDecode ")


def pdf_huge_media_box(points: int = 14400) -> bytes:
    """A one-page PDF of a few hundred bytes whose page is `points` points square (PDF's
    largest page, 5 m a side), with a line of text."""
    return _page_pdf(b"BT /F1 12 Tf 72 720 Td (Dnr KS 2021/0456-2) Tj ET",
                     media_box=f"0 0 {points} {points}")


def _zeros_zip(members: int, megabytes: int, level: int = 1) -> bytes:
    """A zip of `members` files of `megabytes` MB of zeros each, deflated as they are written."""
    buffer = io.BytesIO()
    block = bytes(1 << 20)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for number in range(members):
            with archive.open(f"noll-{number}.bin", "w") as member:
                for _ in range(megabytes):
                    member.write(block)
    return buffer.getvalue()


def zip_bomb(gigabytes: int = 10) -> bytes:
    """A zip declaring `gigabytes` GB in 1 GB files of zeros, in about 10 MB: one file deflated
    once, its record copied under other names."""
    return _copies(_zeros_zip(1, 1024, level=9), gigabytes)


def _copies(single: bytes, count: int) -> bytes:
    """The one-file zip `single` made a zip of `count` copies of its file (names noll-N.bin,
    N < 10, so every record keeps its length)."""
    cd_size, cd_offset = struct.unpack_from("<II", single, len(single) - 22 + 12)
    local, central = single[:cd_offset], single[cd_offset : cd_offset + cd_size]
    locals_: list[bytes] = []
    centrals: list[bytes] = []
    for number in range(count):
        name = f"noll-{number}.bin".encode()
        offset = sum(len(part) for part in locals_)
        locals_.append(local[:30] + name + local[30 + len(name):])
        entry = bytearray(central[:46] + name + central[46 + len(name):])
        struct.pack_into("<I", entry, 42, offset)
        centrals.append(bytes(entry))
    body, directory = b"".join(locals_), b"".join(centrals)
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(body), 0)
    return body + directory + end


def nested_bomb(levels: int = 3, width: int = 16) -> bytes:
    """Like 42.zip: `width` copies of a zip of `width` copies … down to a zip of `width` files
    of 64 MB of zeros: width ** levels GB declared in some tens of kB."""
    data = _zeros_zip(width, 64)
    for _ in range(levels - 1):
        data = zipped([(f"lager-{n}.zip", data) for n in range(width)])
    return data


def lying_headers(megabytes: int = 1024) -> bytes:
    """A zip whose one file holds `megabytes` MB of zeros but whose headers declare 1 kB."""
    return _declare(_zeros_zip(1, megabytes), "noll-0.bin", 1000)


def deep_zips(depth: int = 50) -> bytes:
    """A letter in a zip in a zip … `depth` deep."""
    data = LETTER.encode()
    name = "brev.txt"
    for level in range(depth):
        data = zipped([(name, data)])
        name = f"nivå-{level}.zip"
    return data


def png_bomb(side: int = 50000) -> bytes:
    """A grey PNG `side` pixels square (2.5 G pixels at 50,000) of a few MB."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    packer = zlib.compressobj(9)
    row = bytes(side + 1)  # filter byte 0, then the row's pixels
    rows = 64
    packed = [packer.compress(row * rows) for _ in range(side // rows)]
    packed.append(packer.compress(row * (side % rows)) + packer.flush())
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(packed))
            + chunk(b"IEND", b""))


def big_text(megabytes: int = 190) -> bytes:
    """A plain text of `megabytes` MB, its case number at the start."""
    line = "Se även ärende KS 2019/0001 och bilagan om Tegelviken.\n"
    return (LETTER + line * (megabytes * 1_000_000 // len(line.encode()))).encode()


def big_mail(megabytes: int = 140) -> bytes:
    """An e-mail with a letter and a PDF attachment of `megabytes` MB (base64: a third more)."""
    import base64

    attachment = _page_pdf(b"BT /F1 12 Tf 72 720 Td (Dnr KS 2021/0456-2) Tj ET") + bytes(
        megabytes * 1_000_000)
    return (b"From: a@exempelby.se\r\nSubject: Stor bilaga\r\nMIME-Version: 1.0\r\n"
            b'Content-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\n'
            b"Content-Type: text/plain\r\n\r\n" + LETTER.encode() + b"\r\n--x\r\n"
            b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
            b'Content-Disposition: attachment; filename="bilaga.pdf"\r\n\r\n'
            + base64.encodebytes(attachment) + b"\r\n--x--\r\n")

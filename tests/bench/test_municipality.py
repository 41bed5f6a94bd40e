"""The synthetic municipality: deterministic, well-formed, and true to its truth.json."""

from __future__ import annotations

import csv
import email
import hashlib
import json
import re
import time
from email import policy
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from bench.municipality import generate, generate_demo, main, registry_only

SMALL = {"seed": 3, "cases": 20, "documents": 60, "intake": 10}
CASE_NUMBER = re.compile(r"(KS|BN|MBN|SBN|UN|SN|KFN|TN) (20(1[3-9]|2[0-4]))/\d{4}")


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def number_pattern(case_number: str) -> re.Pattern[str]:
    """Any printed form of the case number: 'KS 2021/0456(-3)', '2021/456', 'KS-2021-0456'."""
    board, rest = case_number.split(" ")
    year, serial = rest.split("/")
    return re.compile(rf"(?:{board}[ -]{year}[/-]|{year}/)0*{int(serial)}\b")


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def attachment_of(data: bytes) -> tuple[email.message.EmailMessage, bytes, str]:
    message = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(message, email.message.EmailMessage)
    (part,) = list(message.iter_attachments())
    return message, part.get_content(), str(part.get_filename())


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, float]:
    out = tmp_path_factory.mktemp("small")
    started = time.perf_counter()
    generate(out, **SMALL)
    return out, time.perf_counter() - started


@pytest.fixture(scope="module")
def medium(tmp_path_factory) -> Path:
    """More files, few scans: enough text PDFs and e-mails to check their contents."""
    out = tmp_path_factory.mktemp("medium")
    return generate(out, seed=5, cases=40, documents=160, intake=60, scan_share=0.1)


def truth_of(folder: Path) -> list[dict]:
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))


def test_a_small_instance_generates_in_a_few_seconds(small):
    assert small[1] < 15


def test_same_seed_gives_the_same_bytes(small, tmp_path):
    generate(tmp_path, **SMALL)
    assert digest(tmp_path) == digest(small[0])


def test_another_seed_gives_another_registry(small, tmp_path):
    registry_only(tmp_path, seed=4, cases=20, documents=60)
    assert (tmp_path / "cases.csv").read_bytes() != (small[0] / "cases.csv").read_bytes()


def test_csv_headers_are_exact(small):
    folder = small[0]
    lines = [(folder / name).read_text(encoding="utf-8").splitlines()[0]
             for name in ("cases.csv", "documents.csv")]
    assert lines == ["case_number,title,board,opened,status,handler",
                     "case_number,doc_number,date,direction,counterpart,description"]


def test_registry_rows_are_consistent(medium):
    cases = {row["case_number"]: row for row in read_csv(medium / "cases.csv")}
    documents = read_csv(medium / "documents.csv")
    assert len(cases) == 40 and len(documents) == 160
    assert all(CASE_NUMBER.fullmatch(number) for number in cases)
    numbers: dict[str, list[int]] = {}
    for doc in documents:
        assert doc["date"] >= cases[doc["case_number"]]["opened"]
        assert doc["direction"] in {"incoming", "outgoing", "internal"}
        numbers.setdefault(doc["case_number"], []).append(int(doc["doc_number"]))
    assert set(numbers) == set(cases)
    assert all(found == list(range(1, len(found) + 1)) for found in numbers.values())


def test_truth_points_at_existing_files(small):
    folder = small[0]
    rows = truth_of(folder)
    files = {p.name for p in (folder / "intake").iterdir()}
    assert len(rows) == SMALL["intake"] and {row["file"] for row in rows} == files
    documents = {(d["case_number"], int(d["doc_number"]))
                 for d in read_csv(folder / "documents.csv")}
    for row in rows:
        assert row["form"] in {"text_pdf", "scan", "email"}
        assert row["duplicate_of"] is None or row["duplicate_of"] in files
        assert row["foreign"] == (row["case_number"] is None)
        if not row["foreign"]:
            assert (row["case_number"], row["doc_number"]) in documents


def test_text_pdfs_carry_the_case_number_exactly_when_truth_says_so(medium):
    checked = 0
    for row in truth_of(medium):
        data = (medium / "intake" / row["file"]).read_bytes()
        if row["form"] == "email":
            data = attachment_of(data)[1]
        text = pdf_text(data) if row["form"] != "scan" else ""
        if row["foreign"] or not text.strip():
            continue
        assert bool(number_pattern(row["case_number"]).search(text)) == row["has_case_number"]
        assert "Exempelby kommun" in text
        checked += 1
    assert checked >= 30


def test_emails_are_swedish_outlook_forwards_with_the_document_attached(medium):
    rows = [row for row in truth_of(medium) if row["form"] == "email"]
    assert rows
    for row in rows:
        message, attached, name = attachment_of((medium / "intake" / row["file"]).read_bytes())
        body = message.get_body(("plain",))
        assert body is not None
        text = body.get_content()
        assert str(message["Subject"]).startswith("VB: ")
        for marker in ("-----Ursprungligt meddelande-----", "Från:", "Skickat:", "Ämne:"):
            assert marker in text
        assert attached.startswith(b"%PDF") and name == row["attachment"]


def test_scans_are_images_without_text(medium, small):
    rows = [(folder, row) for folder in (medium, small[0]) for row in truth_of(folder)
            if row["form"] == "scan"]
    assert rows
    for folder, row in rows:
        path = folder / "intake" / row["file"]
        if path.suffix == ".pdf":
            assert pdf_text(path.read_bytes()).strip() == ""
        else:
            with Image.open(path) as image:
                assert image.size[0] > 1000


def test_exact_duplicates_carry_the_same_bytes(medium, small):
    seen = 0
    for folder in (medium, small[0]):
        for row in truth_of(folder):
            if row["duplicate_kind"] != "exact":
                continue
            data = (folder / "intake" / row["file"]).read_bytes()
            original = (folder / "intake" / row["duplicate_of"]).read_bytes()
            if data != original:  # the PDF forwarded by e-mail as well
                assert attachment_of(data)[1] == original
            seen += 1
    assert seen >= 2


def test_no_personal_identity_numbers_appear(medium):
    texts = [(medium / name).read_text(encoding="utf-8") for name in ("cases.csv",
                                                                      "documents.csv")]
    texts += [pdf_text((medium / "intake" / row["file"]).read_bytes())
              for row in truth_of(medium) if row["form"] == "text_pdf"]
    assert not any(re.search(r"\b\d{6}[-+]\d{4}\b|\b\d{8}-\d{4}\b", text) for text in texts)


def test_registry_only_streams_just_the_two_csvs(tmp_path):
    main([str(tmp_path), "--registry-only", "--seed", "2", "--cases", "300",
          "--documents", "1200"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases.csv", "documents.csv"]
    assert len(read_csv(tmp_path / "documents.csv")) == 1200


def test_demo_preset_is_small(tmp_path):
    generate_demo(tmp_path)
    assert len(list((tmp_path / "intake").iterdir())) == 25
    assert len(read_csv(tmp_path / "cases.csv")) == 40

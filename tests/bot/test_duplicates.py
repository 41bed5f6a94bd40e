"""Near duplicates: MinHash signatures that survive OCR noise and tell different letters apart,
and the queue stage that links copies of one document, keeping the best copy as primary."""

from __future__ import annotations

import random

import numpy as np
import pytest
from sqlmodel import select

from bot.db import session_scope
from bot.ingest import ingest_paths
from bot.matching.duplicates import (
    BANDS,
    MIN_CHARS,
    PERMUTATIONS,
    SAME,
    SURE,
    band_keys,
    normalise,
    signature,
    similarity,
)
from bot.models import (
    AuditEvent,
    Case,
    Item,
    ItemBand,
    Page,
    Proposal,
    RegistryDocument,
    Submission,
)
from bot.worker import run_until_idle
from tests.conftest import make_pdf, make_scan

LETTER = [
    "Exempelby kommun, Kommunstyrelsen",
    "Datum 2021-04-05",
    "Yttrande över detaljplan för Tegelviken 3:14",
    "Länsstyrelsen har tagit del av planförslaget och har inga invändningar",
    "mot att kommunen går vidare med planarbetet. Dagvattnet ska tas omhand",
    "inom fastigheten och bullret från Kvarnvägen ska utredas närmare innan",
    "planen antas. Länsstyrelsen ser positivt på att kommunen har samrått",
    "med grannarna och med Trafikverket om den nya anslutningen.",
    "Med vänlig hälsning",
    "Anna Berg, planhandläggare",
]
OTHER_LETTER = [
    "Barn- och utbildningsförvaltningen",
    "Beslut om skolskjuts läsåret 2021/22",
    "Du har ansökt om skolskjuts för ditt barn till Åbyskolan. Förvaltningen",
    "har prövat ansökan enligt kommunens riktlinjer och beviljar resor",
    "med taxi från hemmet under höstterminen. Beslutet kan överklagas hos",
    "förvaltningsrätten inom tre veckor från den dag du fick del av det.",
    "Kontakta skolskjutssamordnaren om barnets schema ändras.",
    "Med vänlig hälsning, Per Ek, handläggare",
]
TEXT = "\n".join(LETTER)
OTHER = "\n".join(OTHER_LETTER)
LOOK_ALIKES = {"o": "0", "l": "1", "i": "l", "e": "c", "a": "o", "m": "n", "n": "m", "h": "b",
               "å": "a", "ä": "a", "ö": "o", "t": "f", "r": "n", "s": "5", "S": "5", "B": "8"}


def ocr_noise(text: str, share: float = 0.02, seed: int = 7) -> str:
    """The text with `share` of its characters misread, as OCR does; the same every run."""
    rng = random.Random(seed)
    chars = list(text)
    for i in rng.sample(range(len(chars)), k=round(len(chars) * share)):
        chars[i] = LOOK_ALIKES.get(chars[i], rng.choice("aeiourn.,"))
    return "".join(chars)


def _sig(text: str) -> np.ndarray:
    sig = signature(text)
    assert sig is not None
    return sig


# --- signatures ------------------------------------------------------------------------------


def test_short_texts_have_no_signature():
    assert signature("Hej! Här är kopian du bad om. /Anna") is None
    assert signature("x" * (MIN_CHARS - 1)) is None
    assert signature("-- . , ; " * 100) is None  # long, but no words once normalised


def test_a_long_enough_text_has_a_fixed_size_deterministic_signature():
    sig = _sig(TEXT)
    assert sig.shape == (PERMUTATIONS,) and sig.dtype == np.uint64
    assert np.array_equal(sig, _sig(TEXT))


def test_case_punctuation_and_line_breaks_do_not_change_the_signature():
    assert normalise("Yttrande, över\n\nDETALJPLAN!") == "yttrande över detaljplan"
    same = _sig(TEXT.upper().replace("\n", "  ").replace(".", " ."))
    assert similarity(_sig(TEXT), same) == 1.0


def test_the_same_text_under_two_percent_ocr_noise_is_still_the_same_document():
    noisy = ocr_noise(TEXT)
    assert noisy != TEXT
    assert sum(a != b for a, b in zip(noisy, TEXT, strict=True)) >= len(TEXT) // 60
    a, b = _sig(TEXT), _sig(noisy)
    assert similarity(a, b) >= 0.6
    assert set(band_keys(a)) & set(band_keys(b))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_noisy_copies_of_each_other_are_alike_for_any_noise(seed):
    a = _sig(ocr_noise(TEXT, seed=seed))
    b = _sig(ocr_noise(TEXT, seed=seed + 100))
    assert similarity(a, b) >= 0.6
    assert set(band_keys(a)) & set(band_keys(b))


def test_unrelated_letters_are_not_alike_and_share_no_band():
    a, b = _sig(TEXT), _sig(OTHER)
    assert similarity(a, b) < 0.3
    assert not set(band_keys(a)) & set(band_keys(b))


def test_a_letter_with_a_different_body_is_not_the_same_document():
    # Same letterhead, greeting and signature; another body.
    body = "\n".join(LETTER[:3] + OTHER_LETTER[2:7] + LETTER[-2:])
    assert similarity(_sig(TEXT), _sig(body)) < SAME



def test_band_keys_are_one_per_band_and_equal_for_equal_signatures():
    keys = band_keys(_sig(TEXT))
    assert [band for band, _ in keys] == list(range(BANDS))
    assert len({key for _, key in keys}) == BANDS
    assert keys == band_keys(_sig(TEXT))


# --- the queue stage ---------------------------------------------------------------------------


_SOURCE = iter(range(1, 1_000_000))


def _record(session) -> tuple[int, int]:
    """The one registered record every test copy is matched to (made on first use)."""
    case = session.exec(select(Case)).first()
    if case is None:
        case = Case(case_number="KS 2021/0456", board_key="KS", year=2021, serial=456)
        session.add(case)
        session.flush()
        session.add(RegistryDocument(case_id=case.id, doc_number=1))
        session.flush()
    doc = session.exec(select(RegistryDocument)).first()
    return case.id, doc.id


def _add_matched(ctx, text: str, *, method: str, confidence: float | None = None,
                 parent_id: int | None = None, record: bool = True) -> int:
    """An item that has been read and matched (to one record), waiting for the queue stage."""
    with session_scope(ctx.engine) as session:
        sub = Submission(channel="test", source_ref=f"dup-{next(_SOURCE)}")
        session.add(sub)
        session.flush()
        assert sub.id is not None
        item = Item(submission_id=sub.id, filename="kopia", sha256=f"{sub.id:064x}",
                    state="matched", parent_id=parent_id)
        session.add(item)
        session.flush()
        assert item.id is not None
        session.add(Page(item_id=item.id, number=1, text=text, method=method,
                         confidence=confidence))
        if record:
            case_id, doc_id = _record(session)
            session.add(Proposal(item_id=item.id, case_id=case_id, document_id=doc_id))
        return item.id


def _states(ctx) -> dict[int, tuple[str, int | None]]:
    with session_scope(ctx.engine) as session:
        return {i.id or 0: (i.state, i.duplicate_of) for i in session.exec(select(Item))}


def test_an_item_is_queued_with_its_fingerprint_stored(ctx):
    first = _add_matched(ctx, TEXT, method="textlayer")
    run_until_idle(ctx)
    assert _states(ctx) == {first: ("queued", None)}
    with session_scope(ctx.engine) as session:
        item = session.get(Item, first)
        assert item is not None
        assert item.meta["minhash"] == _sig(TEXT).tobytes().hex()
        assert len(session.exec(select(ItemBand).where(ItemBand.item_id == first)).all()) == BANDS


def test_a_scan_after_its_text_layer_copy_becomes_its_duplicate(ctx):
    text_copy = _add_matched(ctx, TEXT, method="textlayer")
    run_until_idle(ctx)
    scan = _add_matched(ctx, ocr_noise(TEXT), method="ocr", confidence=88.0)
    run_until_idle(ctx)
    assert _states(ctx) == {text_copy: ("queued", None), scan: ("duplicate", text_copy)}


def test_a_text_layer_copy_after_its_scan_becomes_primary_and_demotes_the_scan(ctx):
    scan = _add_matched(ctx, ocr_noise(TEXT), method="ocr", confidence=88.0)
    run_until_idle(ctx)
    text_copy = _add_matched(ctx, TEXT, method="textlayer")
    run_until_idle(ctx)
    assert _states(ctx) == {scan: ("duplicate", text_copy), text_copy: ("queued", None)}
    with session_scope(ctx.engine) as session:
        reasons = [e.reason for e in session.exec(select(AuditEvent).where(
            AuditEvent.item_id == scan, AuditEvent.to_state == "duplicate"))]
    assert len(reasons) == 1
    assert f"bättre kopia i post {text_copy}" in str(reasons[0])


def test_a_clearer_scan_becomes_primary_over_a_poorer_one(ctx):
    poor = _add_matched(ctx, ocr_noise(TEXT, seed=1), method="ocr", confidence=61.0)
    run_until_idle(ctx)
    clear = _add_matched(ctx, ocr_noise(TEXT, seed=2, share=0.01), method="ocr", confidence=93.0)
    run_until_idle(ctx)
    assert _states(ctx) == {poor: ("duplicate", clear), clear: ("queued", None)}


def test_of_two_equal_copies_the_earlier_stays_primary(ctx):
    first = _add_matched(ctx, TEXT, method="textlayer")
    run_until_idle(ctx)
    second = _add_matched(ctx, TEXT + "\nKopia för kännedom", method="textlayer")
    run_until_idle(ctx)
    assert _states(ctx) == {first: ("queued", None), second: ("duplicate", first)}


def test_a_new_primary_takes_over_the_duplicates_of_the_old_one(ctx):
    scan = _add_matched(ctx, ocr_noise(TEXT, seed=1), method="ocr", confidence=90.0)
    run_until_idle(ctx)
    worse = _add_matched(ctx, ocr_noise(TEXT, seed=2), method="ocr", confidence=70.0)
    run_until_idle(ctx)
    assert _states(ctx)[worse] == ("duplicate", scan)
    text_copy = _add_matched(ctx, TEXT, method="textlayer")
    run_until_idle(ctx)
    assert _states(ctx) == {scan: ("duplicate", text_copy), worse: ("duplicate", text_copy),
                            text_copy: ("queued", None)}


def test_a_registrars_decision_is_not_undone_by_a_better_copy(ctx):
    scan = _add_matched(ctx, ocr_noise(TEXT), method="ocr", confidence=80.0)
    run_until_idle(ctx)
    with session_scope(ctx.engine) as session:
        confirmed = session.get(Item, scan)
        assert confirmed is not None
        confirmed.state = "confirmed"
    text_copy = _add_matched(ctx, TEXT, method="textlayer")
    run_until_idle(ctx)
    assert _states(ctx) == {scan: ("confirmed", None), text_copy: ("duplicate", scan)}


def test_different_letters_and_short_notes_are_all_queued(ctx):
    ids = [_add_matched(ctx, TEXT, method="textlayer"),
           _add_matched(ctx, OTHER, method="textlayer"),
           _add_matched(ctx, "Hej! Här är kopian. /Anna", method="direct"),
           _add_matched(ctx, "Hej! Här är kopian. /Anna", method="direct")]
    run_until_idle(ctx)
    assert _states(ctx) == {i: ("queued", None) for i in ids}


def test_an_email_and_its_attachment_with_the_same_text_are_not_linked(ctx):
    email = _add_matched(ctx, TEXT, method="direct")
    run_until_idle(ctx)
    attachment = _add_matched(ctx, TEXT, method="textlayer", parent_id=email)
    run_until_idle(ctx)
    assert _states(ctx) == {email: ("queued", None), attachment: ("queued", None)}


def test_two_text_pdfs_of_one_letter_are_linked_through_the_pipeline(ctx, tmp_path):
    first, second, other = tmp_path / "brev.pdf", tmp_path / "brev (2).pdf", tmp_path / "b.pdf"
    first.write_bytes(make_pdf(LETTER))
    second.write_bytes(make_pdf([*LETTER[:-1], "Anna Berg, planhandlaggare", "Kopia"]))
    other.write_bytes(make_pdf(OTHER_LETTER))
    ids = [r.item_id for r in ingest_paths(ctx, [first, second, other], None)]
    run_until_idle(ctx)
    assert _states(ctx) == {ids[0]: ("queued", None), ids[1]: ("duplicate", ids[0]),
                            ids[2]: ("queued", None)}


@pytest.mark.slow
def test_a_scan_first_then_its_text_pdf_leaves_the_text_pdf_primary(ctx, tmp_path):
    """Real Tesseract: the scan arrives and is queued; the text PDF of the same letter arrives
    later, becomes the one queued item, and the scan points at it."""
    scan, pdf = tmp_path / "Skanning_0001.png", tmp_path / "yttrande.pdf"
    scan.write_bytes(make_scan(LETTER, dpi=200))
    pdf.write_bytes(make_pdf(LETTER))
    (scan_id,) = [r.item_id for r in ingest_paths(ctx, [scan], None)]
    run_until_idle(ctx)
    assert _states(ctx) == {scan_id: ("queued", None)}
    with session_scope(ctx.engine) as session:
        assert {p.method for p in session.exec(select(Page).where(Page.item_id == scan_id))} \
            == {"ocr"}
    (pdf_id,) = [r.item_id for r in ingest_paths(ctx, [pdf], None)]
    run_until_idle(ctx)
    assert _states(ctx) == {scan_id: ("duplicate", pdf_id), pdf_id: ("queued", None)}


def test_two_noisy_copies_matched_to_different_records_are_not_duplicates(ctx):
    """Template letters of one case look alike; below SURE they must also share a record."""
    first = _add_matched(ctx, ocr_noise(TEXT, seed=1), method="ocr", confidence=80.0)
    run_until_idle(ctx)
    second = _add_matched(ctx, ocr_noise(TEXT, seed=2), method="ocr", confidence=80.0,
                          record=False)
    run_until_idle(ctx)
    assert similarity(_sig(ocr_noise(TEXT, seed=1)), _sig(ocr_noise(TEXT, seed=2))) < SURE
    assert _states(ctx) == {first: ("queued", None), second: ("queued", None)}

"""Putting back `§` where a model without it read `8`, `&` or `$` — and only there."""

from __future__ import annotations

import pytest

from ocr import fixes
from ocr.fixes import restore_paragraph_signs

PROTOCOL = "PROTOKOLLSUTDRAG\nKommunstyrelsen\n"


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("8 123\nDetaljplan för Tegelviken", "§ 123\nDetaljplan för Tegelviken"),
        ("&51\nDelegationsbeslut", "§ 51\nDelegationsbeslut"),
        ("$ 7 Yttrande över remiss", "§ 7 Yttrande över remiss"),
        ("S 12\nÅrsredovisning", "§ 12\nÅrsredovisning"),
        ("se KS 8 243, upphävs", "se KS § 243, upphävs"),
        ("se UN $& 247, upphävs", "se UN § 247, upphävs"),
        ("se UN 5 247, upphävs", "se UN § 247, upphävs"),
        ("den 7 april 2023, 8 102.", "den 7 april 2023, § 102."),
        ("£ 52 Ansökan om bygglov", "§ 52 Ansökan om bygglov"),
    ],
)
def test_paragraph_sign_is_put_back_in_a_protocol(read, meant):
    text, restored = restore_paragraph_signs(PROTOCOL + read)
    assert text == PROTOCOL + meant
    assert restored == 1


def test_law_references_need_no_protocol_context():
    assert restore_paragraph_signs("enligt 9 kap. 31 8 plan- och bygglagen") == (
        "enligt 9 kap. 31 § plan- och bygglagen",
        1,
    )


@pytest.mark.parametrize(
    "text",
    [
        PROTOCOL + "8 123 456 kronor avsätts",  # an amount, not a paragraph
        PROTOCOL + "Telefon 08 123 45",
        PROTOCOL + "5 kap. gäller",
        "8 123\nen lista utan sammanhang",  # no protocol words: left alone
        PROTOCOL + "§ 123\nredan rätt",
    ],
)
def test_other_eights_are_left_alone(text):
    assert restore_paragraph_signs(text) == (text, 0)


def test_a_sign_glued_to_its_number_is_restored_next_to_known_paragraphs():
    read = PROTOCOL + "551\nBeslut\n\n§ 52\nAnsökan\n\n8 53\nYttrande\n\n5$54\n\n5120\n"
    text, restored = restore_paragraph_signs(read)
    assert text == PROTOCOL + "§ 51\nBeslut\n\n§ 52\nAnsökan\n\n§ 53\nYttrande\n\n§ 54\n\n5120\n"
    assert restored == 3


def test_word_boxes_follow_the_restored_signs():
    words = ["Protokoll", "8", "12", "Budget", "551"]
    text = "Protokoll\n§ 12 Budget\n§ 51"
    assert fixes.corrected_words(words, text) == ["Protokoll", "§", "12", "Budget", "§ 51"]


def test_word_boxes_of_an_unchanged_text_stay_as_read():
    words = ["KS", "2021/0456", "beslut"]
    assert fixes.corrected_words(words, "KS 2021/0456 beslut") == words


def test_a_run_of_boxes_merged_by_the_correction_keeps_the_count():
    words = ["5", "$51", "Ärende"]
    fixed = fixes.corrected_words(words, "§ 51 Ärende")
    assert len(fixed) == 3 and fixed[2] == "Ärende"
    assert " ".join(word for word in fixed if word) == "§ 51 Ärende"


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Bakgrund - ärendet gäller budget", "Bakgrund – ärendet gäller budget"),
        ("Budget för åren 2022-2024", "Budget för åren 2022–2024"),
        ("Sammanträdet pågick kl. 13.00-15.30", "Sammanträdet pågick kl. 13.00–15.30"),
        ("se sidorna 3-5 och §§ 12-14", "se sidorna 3–5 och §§ 12–14"),
    ],
)
def test_en_dash_is_put_back_where_only_a_dash_is_meant(read, meant):
    assert fixes.restore_en_dashes(read) == (meant, 1 + ("§§" in read))


@pytest.mark.parametrize(
    "text",
    [
        "Beslutsdatum 2021-03-04",
        "Dnr KS 2021/0456-3 och KS-2021-0456",
        "Personnummer 19800101-1234",
        "Ring 08-123 45 67 om EU-medel för 1990-talet",
        "- en punkt i en lista",
        "Åren 2024-2022 står baklänges",
        "Kl. 12.30-13.00.15 är ingen tid",
    ],
)
def test_hyphens_that_are_hyphens_stay(text):
    assert fixes.restore_en_dashes(text) == (text, 0)

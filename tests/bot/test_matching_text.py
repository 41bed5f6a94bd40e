"""Swedish text for matching: folded and stemmed words without stop words, property
designations, and dates in both written forms."""

from __future__ import annotations

import unicodedata
from datetime import date

from bot.matching.text import dates, fold, properties, property_token, words

# --- words() -----------------------------------------------------------------------------


def test_words_are_lower_cased_and_stemmed_so_inflections_meet():
    assert words("Detaljplanen") == words("detaljplaner") == words("DETALJPLAN")
    assert words("Kommunstyrelsens beslut") == words("kommunstyrelsen besluten")


def test_words_drop_stop_words_digits_and_one_letter_tokens():
    found = words("Kommunstyrelsen beslutar att godkänna detaljplanen för 2 bostäder och "
                  "en skola i x")
    assert found == words("Kommunstyrelsen beslutar godkänna detaljplanen bostäder skola")
    assert len(found) == 6
    for dropped in ("att", "för", "och", "en", "i", "2", "x"):
        assert dropped not in found


def test_words_read_composed_decomposed_and_undotted_swedish_letters_alike():
    decomposed = unicodedata.normalize("NFD", "Ansökan om bygglov för Åby")
    assert words(decomposed) == words("Ansökan om bygglov för Åby")
    assert words("Kommunfullmäktige Åby") == words("Kommunfullmaktige Aby")  # OCR loses dots
    assert words("ansökan")[0].startswith("ansok")


def test_words_split_on_typographic_dashes_and_hyphens():
    assert words("januari–augusti") == words("januari-augusti") == words("januari augusti")


def test_fold_makes_typographic_dashes_plain_and_removes_soft_hyphens():
    assert fold("Januari–Augusti—Plan\u00adarbete") == "januari-augusti-planarbete"


# --- properties() ------------------------------------------------------------------------


def test_properties_finds_one_and_two_word_designations_normalised():
    text = "Detaljplan för Tegelviken 3:14 och fastigheten Norra Åby 1:2 samt Kvarnbacken 12:107."
    assert properties(text) == {"tegelviken 3:14", "norra åby 1:2", "kvarnbacken 12:107"}


def test_properties_ignores_paragraphs_and_times():
    text = ("Protokoll § 12, sammanträde 2021-04-05 kl 10:22 och kl. 10:30, "
            "mötet började klockan 10:22 och avslutades 11:45. Se 3 kap. 2 § PBL.")
    assert properties(text) == set()


def test_a_capitalised_word_before_a_designation_is_not_part_of_it():
    assert properties("Angående Tegelviken 3:14") == {"tegelviken 3:14"}
    assert properties("Bygglov Kvarnbacken 2:7") == {"kvarnbacken 2:7"}


def test_a_time_at_the_start_of_a_sentence_is_not_a_property():
    assert properties("Mötet hålls i stadshuset.\nKlockan 10:22 började det.") == set()


def test_property_token_is_one_index_word_per_designation():
    assert property_token("tegelviken 3:14") == "fastighettegelviken3x14"
    assert property_token("norra åby 1:2") == "fastighetnorraaby1x2"
    assert property_token("tegelviken 3:14") != property_token("tegelviken 31:4")


# --- dates() -----------------------------------------------------------------------------


def test_dates_reads_iso_and_written_dates_in_order_of_appearance():
    text = "Mötet den 5 april 2021 gällde skrivelsen 2021-03-01 och beslutet 10 Maj 2021."
    assert dates(text) == [date(2021, 4, 5), date(2021, 3, 1), date(2021, 5, 10)]


def test_dates_read_year_first_and_day_first_with_dots_and_slashes():
    text = "Inkom 2019.04.15, beslut 15.4.2019, svar 2019/05/02, kopia 3/6 2019."
    assert dates(text) == [date(2019, 4, 15), date(2019, 4, 15), date(2019, 5, 2),
                           date(2019, 6, 3)]


def test_dotted_numbers_that_are_no_dates_are_not_read_as_dates():
    assert dates("Version 2019.04.15.3, avsnitt 1.2019.04.15, 2019.13.01, KS 2019/0415") == []


def test_dates_rejects_impossible_dates_and_keeps_the_rest():
    assert dates("Daterad 2021-02-30, inkom 2021-02-28, 31 juni 2021") == [date(2021, 2, 28)]


def test_dates_ignores_case_numbers_and_years_alone():
    assert dates("Dnr KS 2021/0456, delårsrapport januari–augusti 2020") == []

"""Features of one (item, case) pair on hand-made views: each feature fires on its evidence and
stays silent without it; the vector follows NAMES."""

from __future__ import annotations

from datetime import date

from bot.matching.features import NAMES, CaseView, cover, features, item_view
from bot.models import Case, RegistryDocument


def _case(title: str, board_key: str = "KS", board: str | None = "Kommunstyrelsen",
          year: int = 2021, serial: int = 456) -> Case:
    return Case(id=1, case_number=f"{board_key} {year}/{serial:04d}", board_key=board_key,
                year=year, serial=serial, title=title, board=board)


def _doc(number: int, when: date | None = None, counterpart: str | None = None,
         description: str | None = None) -> RegistryDocument:
    return RegistryDocument(id=number, case_id=1, doc_number=number, date=when,
                            counterpart=counterpart, description=description)


def _features(text: str, cv: CaseView, extra_dates: list[date] | None = None,
              top_bm25: float = 0.0, other_number: float = 0.0) -> dict[str, float]:
    values = features(item_view(text, extra_dates or []), cv, top_bm25, other_number)
    assert len(values) == len(NAMES)
    return dict(zip(NAMES, values, strict=True))


PLAN = _case("Detaljplan för Tegelviken 3:14")


def test_the_vector_follows_names_with_number_and_search_scores_passed_through():
    cv = CaseView(PLAN, [], number=0.9, bm25=3.0)
    values = features(item_view("Ingenting relevant här", []), cv, 6.0, 0.4)
    got = dict(zip(NAMES, values, strict=True))
    assert (got["number"], got["number_other"], got["bm25"], got["top_hit"]) == (0.9, 0.4, 0.5, 0.0)
    passed = {"number", "number_other", "bm25", "top_hit"}
    assert all(v == 0.0 for name, v in got.items() if name not in passed)


def test_top_hit_and_relative_bm25_for_the_best_search_hit():
    cv = CaseView(PLAN, [], bm25=6.0)
    got = _features("Ingenting", cv, top_bm25=6.0)
    assert (got["bm25"], got["top_hit"]) == (1.0, 1.0)
    assert _features("Ingenting", CaseView(PLAN, []), top_bm25=0.0)["bm25"] == 0.0


# --- title -------------------------------------------------------------------------------


def test_title_cover_is_the_share_of_title_words_found_in_any_inflection():
    assert _features("Detaljplanen för området", CaseView(PLAN, []))["title"] == 0.5
    assert _features("Detaljplaner vid Tegelviken", CaseView(PLAN, []))["title"] == 1.0
    assert _features("Bygglov för garage", CaseView(PLAN, []))["title"] == 0.0


def test_cover_of_a_phrase_without_content_words_is_zero():
    assert cover("och för i", frozenset({"och"})) == 0.0
    assert cover("", frozenset()) == 0.0


def test_description_cover_takes_the_best_document_record():
    cv = CaseView(PLAN, [_doc(1, description="Tjänsteskrivelse"),
                         _doc(2, description="Yttrande över detaljplan")])
    assert _features("Yttrande från Länsstyrelsen om detaljplanen", cv)["description"] == 1.0
    assert _features("Ett brev", cv)["description"] == 0.0


# --- property ----------------------------------------------------------------------------


def test_property_named_in_the_case_title_fires_and_is_kept_as_evidence():
    cv = CaseView(PLAN, [])
    got = _features("Yttrande över planen för Tegelviken 3:14.", cv)
    assert (got["property"], got["property_conflict"]) == (1.0, 0.0)
    assert cv.evidence["property"] == "Tegelviken 3:14"


def test_property_named_only_in_a_document_description_also_counts():
    cv = CaseView(_case("Detaljplan för Tegelviken"), [
        _doc(1, description="Fullmakt för ägaren av Tegelviken 3:15")])
    got = _features("Angående fastigheten Tegelviken 3:15", cv)
    assert (got["property"], got["property_conflict"]) == (1.0, 0.0)


def test_another_property_than_the_cases_is_a_conflict():
    got = _features("Yttrande om planen för fastigheten Tegelviken 3:15", CaseView(PLAN, []))
    assert (got["property"], got["property_conflict"]) == (0.0, 1.0)


def test_a_text_without_property_neither_matches_nor_conflicts():
    got = _features("Yttrande över detaljplan", CaseView(PLAN, []))
    assert (got["property"], got["property_conflict"]) == (0.0, 0.0)


def test_one_shared_property_among_several_is_no_conflict():
    got = _features("Gränsen mellan Tegelviken 3:14 och Tegelviken 3:15", CaseView(PLAN, []))
    assert (got["property"], got["property_conflict"]) == (1.0, 0.0)


def test_a_capitalised_heading_word_does_not_turn_the_right_property_into_a_conflict():
    cv = CaseView(_case("Bygglov för nybyggnad av enbostadshus Kvarnbacken 2:7", "BN",
                        "Byggnadsnämnden"), [])
    got = _features("Bygglov Kvarnbacken 2:7", cv)
    assert (got["property"], got["property_conflict"]) == (1.0, 0.0)


# --- counterpart -------------------------------------------------------------------------


def test_counterpart_is_found_as_whole_words_case_insensitively():
    cv = CaseView(PLAN, [_doc(2, counterpart="Länsstyrelsen i Västra Götalands län")])
    assert _features("Från LÄNSSTYRELSEN I VÄSTRA GÖTALANDS LÄN, enheten", cv)["counterpart"] == 1
    assert cv.evidence["counterpart"] == "Länsstyrelsen i Västra Götalands län"


def test_counterpart_inside_another_word_does_not_count():
    cv = CaseView(PLAN, [_doc(2, counterpart="Berg")])
    assert _features("Bergström Bygg AB ansöker", cv)["counterpart"] == 0.0
    assert "counterpart" not in cv.evidence
    assert _features("Anna Berg skriver", cv)["counterpart"] == 1.0


def test_counterpart_names_shorter_than_four_letters_are_ignored():
    cv = CaseView(PLAN, [_doc(2, counterpart="Ek")])
    assert _features("Per Ek har skrivit", cv)["counterpart"] == 0.0


# --- dates -------------------------------------------------------------------------------


def test_exact_date_of_a_registered_document_fires_all_date_features():
    cv = CaseView(PLAN, [_doc(1, date(2021, 3, 1)), _doc(2, date(2021, 4, 5))])
    got = _features("Göteborg 2021-04-05", cv)
    assert (got["date_exact"], got["date_near"], got["year"]) == (1.0, 1.0, 1.0)
    assert cv.evidence["date"] == "2021-04-05"


def test_near_date_within_two_weeks_is_near_not_exact():
    cv = CaseView(PLAN, [_doc(2, date(2021, 4, 5))])
    got = _features("Skrivet den 15 april 2021", cv)
    assert (got["date_exact"], got["date_near"], got["year"]) == (0.0, 1.0, 1.0)
    assert "date" not in cv.evidence


def test_a_date_weeks_away_in_the_same_year_only_gives_the_year():
    cv = CaseView(PLAN, [_doc(2, date(2021, 4, 5))])
    got = _features("Skrivet 2021-06-01", cv)
    assert (got["date_exact"], got["date_near"], got["year"]) == (0.0, 0.0, 1.0)
    got = _features("Skrivet 2019-04-05", cv)
    assert (got["date_exact"], got["date_near"], got["year"]) == (0.0, 0.0, 0.0)


def test_dates_from_metadata_count_like_dates_in_the_text():
    cv = CaseView(PLAN, [_doc(2, date(2021, 4, 5))])
    got = _features("Ingen datering i texten", cv, extra_dates=[date(2021, 4, 5)])
    assert got["date_exact"] == 1.0


def test_no_date_features_when_the_case_has_no_dated_records():
    got = _features("Skrivet 2021-04-05", CaseView(PLAN, [_doc(1)]))
    assert (got["date_exact"], got["date_near"], got["year"]) == (0.0, 0.0, 0.0)


# --- board -------------------------------------------------------------------------------


def test_board_name_in_the_letterhead_fires_for_that_boards_case():
    bn = CaseView(_case("Bygglov", "BN", "Byggnadsnämnden"), [])
    assert _features("BYGGNADSNÄMNDEN\nExempelby kommun\nBeslut", bn)["board"] == 1.0
    assert bn.evidence["board"] == "Byggnadsnämnden"
    ks = CaseView(_case("Bygglov", "KS", "Kommunstyrelsen"), [])
    assert _features("BYGGNADSNÄMNDEN\nExempelby kommun\nBeslut", ks)["board"] == 0.0


def test_an_unlisted_board_is_recognised_by_the_registrys_board_name():
    cv = CaseView(_case("Avtal", "RN", "Räddningsnämnden"), [])
    assert _features("Räddningsnämnden i Exempelby", cv)["board"] == 1.0


def test_another_board_whose_name_contains_the_boards_name_does_not_count():
    bn = CaseView(_case("Bygglov", "BN", "Byggnadsnämnden"), [])
    assert _features("Samhällsbyggnadsnämnden\nExempelby kommun", bn)["board"] == 0.0


def test_the_registrys_own_board_name_counts_even_for_a_known_abbreviation():
    cv = CaseView(_case("Bygglov", "BN", "Bygg- och miljönämnden"), [])
    assert _features("Bygg- och miljönämnden\nExempelby kommun", cv)["board"] == 1.0


def test_author_from_the_first_line():
    assert item_view("Tegelvikens kommun, Box 12, 123 45 Tegelviken\nBeslut", []).written_by == "us"
    assert item_view("Anna Svensson\nHej, jag undrar", []).written_by == "them"
    assert item_view("Dnr KS 2021/0456\nAnna Svensson", []).written_by is None
    assert item_view("Datum: 2021-03-04\nBrev", []).written_by is None

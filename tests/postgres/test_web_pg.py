"""The registrar's web queue on PostgreSQL: tests of tests/web, collected here so that their
`ctx` is a fresh PostgreSQL database — search-as-you-type over the case index (a tsvector here,
FTS5 on SQLite), the queue's filters, counts and keyset paging, decisions and undo, soft
claims, the coverage pages (GROUP BY counts, drill-down, most wanted, outreach), and every
test of tests/web/test_auth.py (accounts, sessions, login throttling by time windows)."""

from tests.web.test_auth import *  # noqa: F403
from tests.web.test_claims import (  # noqa: F401 (collected here, on PostgreSQL)
    clock,
    pair,
    test_a_decision_ends_the_claim_in_its_own_transaction,
    test_an_expired_claim_holds_no_longer,
    test_opening_an_item_claims_it_and_the_others_next_passes_it_by,
)
from tests.web.test_coverage_pages import (  # noqa: F401
    recovered,
    smtp,
    test_drilling_down_from_board_to_year_to_a_case_and_its_missing_records,
    test_most_wanted_puts_the_decision_first_with_reasons,
    test_outreach_preview_then_click_sends_exactly_that_once,
    test_the_coverage_page_shows_the_numbers_and_a_chart_drawn_on_the_server,
    test_the_pages_show_a_confirmation_and_its_undo_at_once,
)
from tests.web.test_decisions import (  # noqa: F401
    test_confirm_files_the_item_and_recovers_the_document_record,
    test_split_makes_parts_of_the_same_original_which_are_matched_again,
    test_undo_takes_back_the_last_decision_and_the_recovered_file,
)
from tests.web.test_item import (  # noqa: F401
    test_actions_go_on_to_the_next_item_or_say_why_not,
    test_search_finds_cases_by_number_beginning_and_words,
    test_the_item_page_shows_what_a_registrar_needs,
)
from tests.web.test_queue import (  # noqa: F401
    test_bulk_confirms_only_the_ticked_certain_rows_shown,
    test_bulk_shows_every_row_a_page_at_a_time_and_any_can_be_left_out,
    test_facets_follow_state_changes_made_anywhere,
    test_filters_narrow_the_queue_and_counts_say_how_many,
    test_keyset_paging_visits_every_item_once_in_each_order,
    test_the_list_page_shows_rows_counts_and_a_next_page,
)


def test_these_run_on_postgresql(ctx):
    assert ctx.engine.dialect.name == "postgresql"


async def test_search_by_words_uses_the_postgresql_index(registry, registrar):
    """Words, a word being typed, å/ä/ö typed without dots, a property; nothing for nonsense."""
    async def rows(typed: str) -> str:
        return await (await registrar.get("/api/search", params={"q": typed})).text()

    assert "Tegelviken" in await rows("detaljplan tegelvik")
    assert "Delårsrapport" in await rows("delarsrapport")
    assert "Kvarnbacken" in await rows("enbostadshus")
    assert "Tegelviken" in await rows("Tegelviken 3:14")
    assert "Tegelviken" not in await rows("Tegelviken 3:15")
    assert "Inga träffar" in await rows("detaljplan bygglov")  # every word must occur

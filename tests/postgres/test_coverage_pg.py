"""Coverage, most wanted, outreach in chat and `confirm --high` on PostgreSQL: tests of
tests/coverage, tests/outreach and tests/web collected here so that their `ctx` is a fresh
PostgreSQL database (the command-line ones reach it through the home's diariebot.toml)."""

from tests.coverage.test_command import (  # noqa: F401 (collected here, on PostgreSQL)
    test_json_counts_and_narrows_by_year_and_board,
    test_the_table_lists_boards_years_and_kinds,
)
from tests.coverage.test_fresh import (  # noqa: F401
    test_a_confirmation_shows_at_once_and_its_undo_takes_it_back,
    test_a_proposal_replaced_shows_at_once,
    test_a_registry_import_shows_at_once,
    test_each_part_is_counted_again_only_when_what_it_counts_can_have_changed,
    test_kept_while_nothing_changes_and_counted_again_after_a_change,
)
from tests.coverage.test_wanted_order import (  # noqa: F401
    test_the_page_says_why,
    test_what_later_records_build_on_and_open_cases_come_first,
)
from tests.outreach.test_chat_outreach import (  # noqa: F401
    chatting,
    test_a_chat_colleague_is_a_holder_reached_in_that_chat,
    test_a_chat_contact_gone_is_given_up_not_retried,
    test_the_preview_offers_the_chat_without_a_relay_and_the_click_sends_it,
    test_the_request_goes_through_the_chat_outbox_and_the_answer_is_linked,
)
from tests.web.conftest import accounts, registrar  # noqa: F401
from tests.web.test_bulk_command import (  # noqa: F401
    test_an_unknown_or_inactive_account_confirms_nothing,
    test_board_narrows_the_command_to_one_board,
    test_the_command_confirms_what_the_web_bulk_confirm_does,
    twin,
)


def test_these_run_on_postgresql(ctx):
    assert ctx.engine.dialect.name == "postgresql"

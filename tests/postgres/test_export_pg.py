"""Exports on PostgreSQL: tests of tests/export, collected here so that the confirmed home they
export from is a fresh PostgreSQL database (the ledger, since-dates, undone confirmations)."""

from tests.export.conftest import home  # noqa: F401 (this module's home: confirmed items)
from tests.export.test_export import (  # noqa: F401 (collected here, on PostgreSQL)
    test_a_second_export_adds_nothing_and_a_later_confirmation_goes_alone,
    test_all_exports_again_and_since_limits_to_recent_confirmations,
    test_an_undone_confirmation_is_not_exported,
    test_cli_export_prints_a_receipt_and_then_nothing_new,
    test_export_is_in_the_audit_trail,
    test_manifest_export_carries_the_original_bytes_and_their_provenance,
)

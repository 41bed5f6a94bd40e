"""Fixtures for the chat tests: a real Synapse for the session, and Matrix users in it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.chat.synapse import Synapse, available


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    reason = available()
    if reason:
        pytest.skip(reason)
    server = Synapse(tmp_path_factory.mktemp("synapse")).start()
    yield server
    server.stop()

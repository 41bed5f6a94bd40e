"""Pipeline stages: plain functions from an item (in a session) to an Outcome."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    """The state an item moves to after a stage, and why (shown to registrars)."""

    state: str
    reason: str | None = None

"""Matching: from an item's text and metadata to ranked, explained proposals."""

from bot.matching.engine import propose

__all__ = ["propose"]

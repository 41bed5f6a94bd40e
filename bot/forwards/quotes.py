"""Quoted (">") and indented blocks: where they end, and their lines unquoted or dedented."""

from __future__ import annotations


def _is_quoted(line: str) -> bool:
    return line.lstrip(" ").startswith(">")


def _quoted_end(lines: list[str], j: int) -> int:
    while j < len(lines) and (
        _is_quoted(lines[j])
        or (not lines[j].strip() and j + 1 < len(lines) and _is_quoted(lines[j + 1]))
    ):
        j += 1
    return j


def _unquote(lines: list[str]) -> list[str]:
    stripped = (line.lstrip(" ") for line in lines)
    return [line[2:] if line.startswith("> ") else line[1:] if line.startswith(">") else line
            for line in stripped]


def _indented_end(lines: list[str], j: int) -> int:
    while j < len(lines) and (not lines[j].strip() or lines[j][:1] in (" ", "\t")):
        j += 1
    return j


def _dedent(lines: list[str]) -> list[str]:
    widths = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(widths, default=0)
    return [line[cut:] for line in lines]

"""Reads the Dockerfile into stages of (instruction, argument) pairs, so tests can replay it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Stage:
    base: str
    name: str | None
    steps: list[tuple[str, str]] = field(default_factory=list)

    def args(self, instruction: str) -> list[str]:
        return [arg for ins, arg in self.steps if ins == instruction]

    def last(self, instruction: str) -> str:
        (*_, arg) = self.args(instruction)
        return arg


def logical_lines(text: str) -> list[str]:
    """Instructions one per line: comments dropped, backslash continuations joined."""
    lines, pending = [], ""
    for raw in text.splitlines():
        if raw.strip().startswith("#") or not raw.strip():
            continue
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        lines.append(" ".join((pending + raw).split()))
        pending = ""
    return lines


def parse(path: Path) -> list[Stage]:
    stages: list[Stage] = []
    for line in logical_lines(path.read_text(encoding="utf-8")):
        instruction, _, arg = line.partition(" ")
        if instruction.upper() == "FROM":
            base, _, name = arg.partition(" AS ")
            stages.append(Stage(base.strip(), name.strip() or None))
        else:
            stages[-1].steps.append((instruction.upper(), arg))
    return stages


def exec_form(arg: str) -> list[str]:
    """A JSON-array (exec form) argument such as ENTRYPOINT's; shell form is refused."""
    value = json.loads(arg)
    assert isinstance(value, list), f"not exec form: {arg}"
    return [str(part) for part in value]


def env(stage: Stage) -> dict[str, str]:
    """ENV KEY=VALUE pairs of a stage (the form this Dockerfile uses)."""
    pairs: dict[str, str] = {}
    for arg in stage.args("ENV"):
        for word in arg.split():
            key, _, value = word.partition("=")
            pairs[key] = value
    return pairs

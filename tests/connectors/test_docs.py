"""Every connector type and each of its settings is documented in docs/connectors.md."""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path

import pytest

from connectors.factory import TYPES

PAGE = (Path(__file__).resolve().parents[2] / "docs" / "connectors.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_every_connector_setting_is_documented(kind):
    module = importlib.import_module(TYPES[kind][0])
    options = next(v for k, v in vars(module).items() if k.endswith("Options"))
    section = PAGE.split(f'## `type = "{kind}"`', 1)[1].split("\n## ", 1)[0]
    for spec in dataclasses.fields(options):
        assert f"| `{spec.name}` |" in section, f"{kind}.{spec.name} undocumented"

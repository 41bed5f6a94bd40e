"""Connector settings: one dataclass per connector type, each option with a default and help;
secrets come from the table, an environment variable (`KEY_env`) or a file (`KEY_file`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import MISSING, Field, field, fields
from pathlib import Path
from typing import Any, TypeVar

from connectors.errors import ConfigError

T = TypeVar("T")
COMMON = {"type", "poll_seconds", "enabled"}


def option(default: Any, help: str, *, required: bool = False, secret: bool = False) -> Any:
    """A setting with its default and a line of help (shown in the README and by `check`)."""
    meta = {"help": help, "required": required, "secret": secret}
    return field(default=default, metadata=meta)


def _secret(name: str, key: str, table: dict[str, Any]) -> str | None:
    env_name = table.pop(f"{key}_env", None)
    file_name = table.pop(f"{key}_file", None)
    if key in table:
        return str(table.pop(key))
    if env_name is not None:
        value = os.environ.get(str(env_name))
        if value is None:
            raise ConfigError(name, f"miljövariabeln {env_name} saknas / variable not set ({key})")
        return value
    if file_name is not None:
        try:
            return Path(str(file_name)).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ConfigError(name, f"kan inte läsa / cannot read {key}_file: {error}") from error
    return None


def _default(spec: Field[Any]) -> Any:
    if spec.default is not MISSING:
        return spec.default
    factory: Any = spec.default_factory
    return factory()


def _coerce(name: str, key: str, value: Any, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            return value if isinstance(value, bool) else str(value).lower() in {"1", "true", "ja"}
        if isinstance(default, int | float):
            return type(default)(value)
        if isinstance(default, tuple):
            items = value if isinstance(value, list | tuple) else str(value).split(",")
            return tuple(str(v).strip() for v in items if str(v).strip())
        return str(value)
    except (TypeError, ValueError) as error:
        raise ConfigError(name, f"ogiltigt värde / invalid value for {key}") from error


def load_options(cls: type[T], name: str, table: Mapping[str, Any]) -> T:
    """Build `cls` from a `[connectors.NAME]` table; unknown or missing keys are clear errors."""
    rest = {k: v for k, v in table.items() if k not in COMMON}
    values: dict[str, Any] = {}
    for spec in fields(cls):  # type: ignore[arg-type]
        if spec.metadata.get("secret"):
            secret = _secret(name, spec.name, rest)
            if secret is not None:
                values[spec.name] = secret
        elif spec.name in rest:
            values[spec.name] = _coerce(name, spec.name, rest.pop(spec.name), _default(spec))
        if spec.metadata.get("required") and not values.get(spec.name):
            raise ConfigError(name, f"inställningen saknas / setting missing: {spec.name}")
    if rest:
        unknown = ", ".join(sorted(rest))
        raise ConfigError(name, f"okända inställningar / unknown settings: {unknown}")
    return cls(**values)


def options_help(cls: type) -> list[tuple[str, Any, str]]:
    """(key, default, help) for every option of a connector type: the documentation table."""
    return [(f.name, _default(f), f.metadata["help"]) for f in fields(cls)]

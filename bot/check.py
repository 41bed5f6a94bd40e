"""`diariebot check`: tests every configured connection and says clearly what is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO

from bot.receipts import check_relay
from bot.settings import Settings
from connectors.errors import ConnectorError
from connectors.factory import build, enabled


@dataclass
class CheckResult:
    name: str
    kind: str
    problems: list[str] = field(default_factory=list)
    skipped: bool = False


def check_one(name: str, table: dict[str, object]) -> CheckResult:
    kind = str(table.get("type", "?"))
    if not enabled(dict(table)):
        return CheckResult(name, kind, skipped=True)
    try:
        connector = build(name, dict(table))
    except ConnectorError as error:
        return CheckResult(name, kind, [f"{error.kind}: {error.detail}"])
    return CheckResult(name, kind, connector.check())


def check_connectors(settings: Settings, only: str | None = None) -> list[CheckResult]:
    """One result per configured connector (or just `only`), in the order of the file, and
    the receipt relay when one is configured."""
    results = [check_one(name, table) for name, table in settings.connectors.items()
               if only is None or name == only]
    if settings.receipt_smtp_host and only in (None, "receipts"):
        results.append(CheckResult("receipts", "smtp relay", check_relay(settings)))
    return results


def report(results: list[CheckResult], out: TextIO) -> int:
    """Print one block per connector; 1 when any has a problem."""
    if not results:
        print("inga anslutningar konfigurerade / no connectors configured", file=out)
        return 0
    for result in results:
        head = f"{result.name} ({result.kind})"
        if result.skipped:
            print(f"{head}: avstängd / disabled", file=out)
        elif result.problems:
            print(f"{head}: FEL / PROBLEM", file=out)
            for problem in result.problems:
                print(f"  - {problem}", file=out)
        else:
            print(f"{head}: OK", file=out)
    return 1 if any(r.problems for r in results) else 0

"""Run `diariebot --home HOME fetch` but die hard (os._exit, no clean-up) right after the
N-th message is committed and before it is acknowledged: the crash the intake must survive."""

from __future__ import annotations

import os
import sys

from bot import cli
from connectors.imap import ImapConnector


def main(home: str, die_at: int) -> int:
    calls = {"n": 0}
    real = ImapConnector.acknowledge

    def acknowledge(self: ImapConnector, message: object) -> None:
        calls["n"] += 1
        if calls["n"] == die_at:
            os._exit(17)  # committed, not acknowledged: as if the power went
        real(self, message)  # type: ignore[arg-type]

    ImapConnector.acknowledge = acknowledge  # type: ignore[method-assign]
    return cli.main(["--home", home, "fetch"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))

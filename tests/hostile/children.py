"""Worker processes for the hostile tests, each a real `diariebot` run with one stage made
hostile by patching the pipeline table (no hook in the product). Chosen by the environment:
HOSTILE_MODE slow (the stage writes HOME/started-<pid>, then sleeps HOSTILE_SECONDS), abort (the
stage aborts the process, SIGABRT, on files named poison*), serve (`serve` whose workers abort
like that) or plain-serve (`serve` unpatched); HOSTILE_STAGE the state whose stage is patched;
HOSTILE_HOME the home folder.

  python -m tests.hostile.children [process options]     process --until-idle
  python -m tests.hostile.children PORT                  serve (HOSTILE_MODE=serve)

The patch is made at import: `serve` spawns its workers, and a spawned process imports this
module again (as __mp_main__), so the workers carry it too; hence the environment, not argv."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from bot import cli, pipeline

STAGE = os.environ.get("HOSTILE_STAGE", "unpacked")
MODE = os.environ.get("HOSTILE_MODE", "")
SECONDS = float(os.environ.get("HOSTILE_SECONDS", "0"))
HOME = os.environ.get("HOSTILE_HOME", "")
REAL = pipeline.PIPELINE[STAGE]


def _slow(ctx, session, item):  # type: ignore[no-untyped-def]
    Path(HOME, f"started-{os.getpid()}").write_text(str(item.id))
    time.sleep(SECONDS)
    return REAL(ctx, session, item)


def _abort(ctx, session, item):  # type: ignore[no-untyped-def]
    if item.filename.startswith("poison"):
        os.abort()  # as a C library does on a fatal error: no clean-up, no exception
    return REAL(ctx, session, item)


if MODE == "slow":
    pipeline.PIPELINE[STAGE] = _slow
elif MODE in ("abort", "serve"):
    pipeline.PIPELINE[STAGE] = _abort


def main(argv: list[str]) -> int:
    if MODE in ("serve", "plain-serve"):
        return cli.main(["--home", HOME, "serve", "--port", argv[0]])
    return cli.main(["--home", HOME, "process", "--until-idle", *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

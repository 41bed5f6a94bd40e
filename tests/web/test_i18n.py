"""One catalogue holds every user-facing text of the queue, in Swedish and English."""

from __future__ import annotations

import re
from pathlib import Path

from bot.decisions import UNDOABLE
from bot.i18n import TEXT, both, translate
from bot.states import ALLOWED
from bot.web.itemview import HEADERS
from bot.web.listing import BANDS, SORTS

BOT = Path(__file__).resolve().parents[2] / "bot"
LITERAL = re.compile(r"""\b(?:t|both|translate)\(\s*["']([a-z_]+\.[a-z_.]+)["']""")


def test_every_literal_key_in_templates_and_code_is_in_the_catalogue():
    files = [*(BOT / "templates").glob("*.html"), *(BOT / "web").glob("*.py"),
             BOT / "decisions.py"]
    used = {key for f in files for key in LITERAL.findall(f.read_text(encoding="utf-8"))}
    assert len(used) > 100
    assert sorted(used - set(TEXT)) == []


def test_every_composed_key_is_in_the_catalogue():
    composed = ([f"state.{s}" for s in ALLOWED] + [f"band.{b}" for b in BANDS]
                + [f"sort.{s}" for s in SORTS] + [f"header.{h}" for h in HEADERS]
                + [f"action.{a}" for a in (*UNDOABLE, "split", "skip", "undo")]
                + [f"role.{r}" for r in ("registrar", "admin")]
                + [f"direction.{d}" for d in ("incoming", "outgoing", "internal")]
                + [f"file.{f}" for f in ("missing", "recovered")]
                + [f"filter.{f}" for f in ("channel", "board", "year")]
                + ["error.login_needed", "error.csrf", "error.forbidden", "error.bad_request",
                   "login.failed",
                   "login.too_many"])
    assert sorted(set(composed) - set(TEXT)) == []


def test_swedish_comes_first_and_both_are_filled():
    assert all(sv and en for sv, en in TEXT.values())
    assert translate("nav.queue") == "Kö" and translate("nav.queue", "en") == "Queue"
    assert both("error.no_item", id=3) == "Post 3 finns inte / Item 3 does not exist"

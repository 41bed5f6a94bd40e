"""Weekly progress: every week from the first recovery to this one, running totals that end at
today's recovered count, and a chart drawn as plain SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from bot.coverage.numbers import Counts
from bot.coverage.progress import MAX_WEEKS, monday, weekly
from bot.coverage.svg import progress_chart, stacked_bar

SVG = "{http://www.w3.org/2000/svg}"


def test_weeks_are_continuous_and_add_up():
    days = [(date(2024, 1, 3), 2), (date(2024, 1, 4), 1), (date(2024, 1, 24), 4)]
    weeks = weekly(days, records=70, today=date(2024, 2, 1))
    assert [w.start for w in weeks] == [date(2024, 1, 1), date(2024, 1, 8), date(2024, 1, 15),
                                        date(2024, 1, 22), date(2024, 1, 29)]
    assert [w.recovered for w in weeks] == [3, 0, 0, 4, 0]
    assert [w.cumulative for w in weeks] == [3, 3, 3, 7, 7]
    assert weeks[-1].share == 0.1
    assert weekly([], 10, date(2024, 1, 1)) == []


def test_very_old_weeks_fold_into_the_first_bar():
    today = date(2024, 6, 3)
    weeks = weekly([(date(2000, 1, 5), 5), (date(2024, 6, 3), 1)], records=100, today=today)
    assert len(weeks) == MAX_WEEKS and weeks[-1].start == monday(today)
    assert weeks[0].recovered == 5 and weeks[-1].cumulative == 6


def test_the_chart_is_svg_with_a_bar_per_week_in_proportion():
    weeks = weekly([(date(2024, 1, 3), 10), (date(2024, 1, 10), 5)], 100, date(2024, 1, 10))
    root = ET.fromstring(str(progress_chart(weeks, "Framsteg <&>", "per vecka", "andel")))
    bars = root.findall(f"{SVG}rect[@class='bar']")
    assert float(bars[0].get("height")) == 2 * float(bars[1].get("height"))
    assert root.find(f"{SVG}title").text == "Framsteg <&>"
    assert root.find(f"{SVG}polyline").get("points").count(",") == 2


def test_a_stacked_bar_splits_recovered_proposed_and_missing():
    root = ET.fromstring(str(stacked_bar(Counts(records=10, recovered=5, proposed=3), "x", 100)))
    widths = {r.get("class"): float(r.get("width")) for r in root.findall(f"{SVG}rect")}
    assert widths == {"seg-recovered": 50.0, "seg-proposed": 30.0, "seg-missing": 20.0,
                      "frame": 100.0}

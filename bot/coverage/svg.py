"""The coverage pictures as inline SVG made on the server: no script, no CDN, no inline style (the
page's CSP forbids it; classes are styled from coverage.css), so they work offline and print."""

from __future__ import annotations

from datetime import date
from html import escape

from markupsafe import Markup

from bot.coverage.numbers import Counts
from bot.coverage.progress import Week

WIDTH, HEIGHT = 760, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 52, 30, 30
DOTS = 60  # up to this many weeks, each point of the line is marked


def _text(x: float, y: float, label: str, cls: str, anchor: str = "middle") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" text-anchor="{anchor}">'
            f"{escape(label)}</text>")


def _nice_max(value: int) -> int:
    """A round top for the axis: 1, 2, 5, 10, 20, 50, ... at or above the value."""
    return next(m * 10**e for e in range(12) for m in (1, 2, 5) if m * 10**e >= value)


def _month_ticks(weeks: list[Week]) -> list[tuple[int, str]]:
    """(week index, label) at the first week of a month, thinned to about ten labels."""
    firsts = [(i, w.start) for i, w in enumerate(weeks)
              if i == 0 or w.start.month != weeks[i - 1].start.month]
    step = max(1, len(firsts) // 10)
    return [(i, _label(day)) for i, day in firsts[::step]]


def _label(day: date) -> str:
    return day.strftime("%Y-%m")


def _axes(top: int, plot_w: float, plot_h: float, share_top: float) -> list[str]:
    parts = []
    for fraction in (0.0, 0.5, 1.0):
        y = TOP + plot_h * (1 - fraction)
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'class="grid"/>')
        parts.append(_text(LEFT - 6, y + 4, f"{round(top * fraction)}", "tick", "end"))
        parts.append(_text(LEFT + plot_w + 6, y + 4, f"{share_top * fraction:.0%}", "tick",
                           "start"))
    return parts


def progress_chart(weeks: list[Week], title: str, bars_label: str, line_label: str) -> Markup:
    """Bars: records recovered each week (left axis); line: the cumulative share (right)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _nice_max(max((w.recovered for w in weeks), default=1))
    share_top = min(1.0, max(0.05, _round_up(max((w.share for w in weeks), default=0.0))))
    slot = plot_w / max(1, len(weeks))
    parts = _axes(top, plot_w, plot_h, share_top)
    points = []
    for i, week in enumerate(weeks):
        height = plot_h * week.recovered / top
        x = LEFT + i * slot
        parts.append(f'<rect x="{x + slot * 0.1:.1f}" y="{TOP + plot_h - height:.1f}" '
                     f'width="{max(slot * 0.8, 0.5):.1f}" height="{height:.1f}" class="bar">'
                     f"<title>{escape(week.start.isoformat())}: {week.recovered}</title></rect>")
        points.append(f"{x + slot / 2:.1f},{TOP + plot_h * (1 - week.share / share_top):.1f}")
    parts.append(f'<polyline points="{" ".join(points)}" class="line"/>')
    if len(points) <= DOTS:
        parts += [f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="3.5" class="dot"/>'
                  for p in points]
    for i, label in _month_ticks(weeks):
        parts.append(_text(LEFT + (i + 0.5) * slot, HEIGHT - 10, label, "tick"))
    parts.append(_text(LEFT, 12, bars_label, "legend", "start"))
    parts.append(_text(WIDTH - 4, 12, line_label, "legend legend-line", "end"))
    return _svg(WIDTH, HEIGHT, title, "".join(parts), "chart progress")


def _round_up(share: float) -> float:
    """The next tenth above the share (the line's axis top)."""
    return (int(share * 10) + 1) / 10


def stacked_bar(counts: Counts, label: str, width: int = 180, height: int = 14) -> Markup:
    """One bar: recovered, then missing with a proposal waiting, then missing without."""
    parts, x = [], 0.0
    for cls, n in (("recovered", counts.recovered), ("proposed", counts.proposed),
                   ("missing", counts.missing - counts.proposed)):
        w = width * n / counts.records if counts.records else 0.0
        if w > 0:
            parts.append(f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="{height}" '
                         f'class="seg-{cls}"/>')
        x += w
    parts.append(f'<rect x="0" y="0" width="{width}" height="{height}" class="frame"/>')
    return _svg(width, height, label, "".join(parts), "chart stacked")


def _svg(width: int, height: int, title: str, body: str, cls: str) -> Markup:
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
                  f'width="{width}" height="{height}" class="{cls}" role="img" '
                  f'aria-label="{escape(title)}"><title>{escape(title)}</title>{body}</svg>')

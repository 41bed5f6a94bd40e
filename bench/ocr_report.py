"""The OCR benchmark's tables (Markdown, printed) and its goals checked against the figures."""

from __future__ import annotations

from typing import Any


def _pool(tallies: list[Any]) -> dict[str, float]:
    edits = sum(t.edits for t in tallies)
    chars = sum(t.chars for t in tallies) or 1
    pages = sum(t.pages for t in tallies) or 1
    wanted = sum(t.wanted for t in tallies) or 1
    return {
        "cer": edits / chars,
        "seconds": sum(t.seconds for t in tallies) / pages,
        "exact": sum(t.exact for t in tallies) / wanted,
        "pages": sum(t.pages for t in tallies),
    }


def exact_table(results: dict[str, dict[str, Any]]) -> str:
    """`§ NNN` and case numbers read exactly, each on its own, over all pages."""
    lines = ["| reader | `§ NNN` exact | case numbers exact | `–` ranges exact |"]
    lines.append("|---|---|---|---|")
    for reader, kinds in results.items():
        cells = [
            _share(*(sum(getattr(t, name)[i] for t in kinds.values()) for i in (0, 1)))
            for name in ("signs", "cases", "dashes")
        ]
        lines.append(f"| {reader} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _share(hits: int, wanted: int) -> str:
    return f"{100 * hits / max(wanted, 1):.1f}% ({hits}/{wanted})"


def _cell(figures: dict[str, float]) -> str:
    return (
        f"{100 * figures['cer']:.2f}% / {figures['seconds']:.2f}s / {100 * figures['exact']:.0f}%"
    )


def per_kind_table(results: dict[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    readers = list(results)
    kinds = list(next(iter(results.values())))
    lines = ["| degradation | " + " | ".join(readers) + " |", "|---|" + "---|" * len(readers)]
    figures: dict[str, Any] = {}
    for kind in kinds:
        row = {reader: _pool([results[reader][kind]]) for reader in readers}
        figures[kind] = row
        lines.append(f"| {kind} | " + " | ".join(_cell(row[r]) for r in readers) + " |")
    for label, chosen in (
        ("degraded (pooled)", [k for k in kinds if k != "clean"]),
        ("all", kinds),
    ):
        row = {reader: _pool([results[reader][k] for k in chosen]) for reader in readers}
        figures[label] = row
        lines.append(f"| **{label}** | " + " | ".join(_cell(row[r]) for r in readers) + " |")
    return "\n".join(lines), figures


Check = tuple[str, str, bool]  # figure, measured, goal met


def _quality(figures: dict[str, Any], ours: str, peer: bool) -> list[Check]:
    clean, degraded, every = figures["clean"][ours], figures["degraded (pooled)"], figures["all"]
    plain = degraded["tesseract"]["cer"]
    mine = degraded[ours]["cer"]
    checks = [
        ("CER clean <= 0.5%", f"{100 * clean['cer']:.2f}%", clean["cer"] <= 0.005),
        ("CER degraded <= 2%", f"{100 * mine:.2f}%", mine <= 0.02),
        ("CER degraded <= 0.6 x plain", f"{mine / max(plain, 1e-9):.2f} x", mine <= 0.6 * plain),
    ]
    if peer:
        theirs = degraded["ocrmypdf"]["cer"]
        checks.append(
            ("CER degraded below OCRmyPDF's", f"{100 * theirs:.2f}% (peer)", mine < theirs)
        )
    exact = every[ours]["exact"]
    checks.append(("§ NNN and case numbers exact >= 98%", f"{100 * exact:.1f}%", exact >= 0.98))
    return checks


def _speed(figures: dict[str, Any], ours: str, peer: bool) -> list[Check]:
    every = figures["all"]
    ratio = every[ours]["seconds"] / every["tesseract"]["seconds"]
    checks = [("s/page <= 1.2 x plain", f"{ratio:.2f} x", ratio <= 1.2)]
    if peer:
        ratio = every[ours]["seconds"] / every["ocrmypdf"]["seconds"]
        checks.append(("s/page <= 0.7 x OCRmyPDF", f"{ratio:.2f} x", ratio <= 0.7))
    else:
        checks.append(("OCRmyPDF comparisons", "not measured (absent or off)", False))
    return checks


def _scale(extra: dict[str, Any]) -> list[Check]:
    text = extra["text_layer"]
    rate = text["pages_per_second"]
    checks = [
        (
            "text layer >= 50 pages/s, no OCR",
            f"{rate:.0f} pages/s, {text['ocred']} OCRed",
            rate >= 50 and not text["ocred"],
        )
    ]
    if "memory" in extra:
        memory = extra["memory"]
        name = f"peak memory, {memory['pages']}-page scan < 1 GB"
        checks.append((name, f"{memory['peak_mb']:.0f} MB", memory["peak_mb"] < 1024))
    return checks


def goals(figures: dict[str, Any], extra: dict[str, Any], ours: str, peer: bool) -> list[str]:
    """The issue's goals table, measured."""
    checks = _quality(figures, ours, peer) + _speed(figures, ours, peer) + _scale(extra)
    lines = ["| figure | measured | goal met |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {'yes' if ok else 'NO'} |" for name, value, ok in checks]
    return lines


def report(
    results: dict[str, dict[str, Any]], extra: dict[str, Any], peer: bool, load: tuple[float, ...]
) -> dict[str, Any]:
    """Print the tables; return all figures (for --json)."""
    table, figures = per_kind_table(results)
    ours = next(reader for reader in results if reader.startswith("ours"))
    print("\nCER / seconds per page / `§ NNN` and case numbers exact\n")
    print(table)
    print()
    print(exact_table(results))
    print(f"\nGoals ({ours}):\n")
    print("\n".join(goals(figures, extra, ours, peer)))
    print(f"\ntext layer: {extra['text_layer']}")
    if "memory" in extra:
        print(f"memory: {extra['memory']}")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in load)}")
    return {"per_kind": figures, **extra, "load": list(load)}

"""Running the Tesseract command on one grey page image: words with confidences, and orientation."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field

import cv2
import numpy as np

from ocr import capi
from ocr.cleanup import Grey
from ocr.model import OcrError

# One thread per Tesseract process: OpenMP threads made a 300-dpi page 6-7x slower here;
# pages run in parallel as processes instead.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

TESSERACT = "tesseract"
OSD_MAX_SIDE = 2000  # orientation detection does as well on a smaller copy, in half the time


class TesseractTimeout(Exception):
    """Tesseract did not finish within the page timeout (the process was killed)."""


class TesseractFailed(Exception):
    """Tesseract ran but reported an error for this page."""


Box = tuple[int, int, int, int, str]  # left, top, width, height (pixels), word


@dataclass
class Recognised:
    """Text of one page with the mean confidence of its words (and where the words are)."""

    text: str
    confidence: float  # 0..100, mean over words with conf >= 0; 0.0 when no words
    words: int
    boxes: list[Box] = field(default_factory=list, compare=False, repr=False)


def recognise(grey: Grey, languages: str, dpi: int | None, timeout: float) -> Recognised:
    """OCR the page with page segmentation 3 (automatic) and return text and confidence:
    through the loaded C API engine where libtesseract is present, else the command."""
    if capi.available():
        try:
            tsv, cut = capi.engine(languages).tsv(grey, dpi, timeout)
        except capi.EngineError as exc:
            raise TesseractFailed(str(exc)) from exc
        if cut:
            raise TesseractTimeout
        return parse_tsv(tsv)
    return recognise_command(grey, languages, dpi, timeout)


def recognise_command(grey: Grey, languages: str, dpi: int | None, timeout: float) -> Recognised:
    """OCR by running the `tesseract` command (start-up paid on every page)."""
    args = ["-l", languages, "--psm", "3"]
    if dpi:
        args += ["--dpi", str(dpi)]
    return parse_tsv(_run(grey, [*args, "tsv"], timeout))


def orientation(grey: Grey, timeout: float) -> tuple[int, float] | None:
    """(clockwise degrees to rotate, confidence) from Tesseract OSD, or None if it cannot tell."""
    if capi.available():
        try:
            return capi.engine("osd").orientation(_shrink(grey, OSD_MAX_SIDE))
        except capi.EngineError:
            return None
    try:
        output = _run(_shrink(grey, OSD_MAX_SIDE), ["--psm", "0"], timeout)
    except TesseractFailed:  # "Too few characters" and the like
        return None
    rotate = re.search(r"^Rotate:\s*(\d+)", output, re.MULTILINE)
    confidence = re.search(r"^Orientation confidence:\s*([\d.]+)", output, re.MULTILINE)
    if not rotate or not confidence:
        return None
    return int(rotate.group(1)), float(confidence.group(1))


def parse_tsv(tsv: str) -> Recognised:
    """Rebuild the text from Tesseract TSV: a line per line, a blank line between paragraphs."""
    parts: list[str] = []
    confidences: list[float] = []
    boxes: list[Box] = []
    last_line: tuple[str, ...] | None = None
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t", 11)
        if len(fields) < 12 or fields[0] != "5" or not fields[11].strip():
            continue
        line = tuple(fields[1:5])  # page, block, paragraph, line
        if last_line is not None:
            parts.append(_separator(last_line, line))
        parts.append(fields[11].strip())
        boxes.append((*_box(fields), fields[11].strip()))
        last_line = line
        if float(fields[10]) >= 0:
            confidences.append(float(fields[10]))
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return Recognised("".join(parts), mean, len(confidences), boxes)


def _box(fields: list[str]) -> tuple[int, int, int, int]:
    left, top, width, height = (int(float(value)) for value in fields[6:10])
    return left, top, width, height


def _separator(previous: tuple[str, ...], current: tuple[str, ...]) -> str:
    if previous == current:
        return " "
    return "\n" if previous[:3] == current[:3] else "\n\n"


def _run(grey: Grey, args: list[str], timeout: float) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [TESSERACT, "stdin", "stdout", *args]
    try:
        done = subprocess.run(
            command, input=_pgm(grey), capture_output=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise TesseractTimeout from exc
    except FileNotFoundError as exc:
        raise OcrError("Tesseract saknas / Tesseract is not installed") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise TesseractFailed(message[-1] if message else f"exit code {done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def _pgm(grey: Grey) -> bytes:
    """Binary PGM: Tesseract reads it from stdin with no compression cost."""
    height, width = grey.shape
    return b"P5\n%d %d\n255\n" % (width, height) + np.ascontiguousarray(grey).tobytes()


def _shrink(grey: Grey, max_side: int) -> Grey:
    height, width = grey.shape
    scale = max_side / max(height, width)
    if scale >= 1.0:
        return grey
    size = (max(1, int(width * scale)), max(1, int(height * scale)))
    return np.asarray(cv2.resize(grey, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)

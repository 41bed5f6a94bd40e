"""Tesseract through its C API (libtesseract, ctypes): the model is loaded once per process.

Starting the `tesseract` command costs 0.2 s (swe) to 0.7 s (Latin) per page before it reads
anything; a loaded engine does not. The command line stays the fallback (see ocr.tesseract).
A page's time limit is Tesseract's own deadline monitor; the caller's process bounds memory.
"""

from __future__ import annotations

import atexit
import ctypes
import os
from functools import cache

from ocr.cleanup import Grey

LIBRARY = "libtesseract.so.5"
PSM_AUTO = 3
PSM_OSD_ONLY = 0

_P = ctypes.c_void_p
_SIGNATURES: dict[str, tuple[list[object], object]] = {
    "TessBaseAPICreate": ([], _P),
    "TessBaseAPIInit3": ([_P, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
    "TessBaseAPISetPageSegMode": ([_P, ctypes.c_int], None),
    "TessBaseAPISetVariable": ([_P, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
    "TessBaseAPISetImage": ([_P, _P, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int], None),
    "TessBaseAPISetSourceResolution": ([_P, ctypes.c_int], None),
    "TessBaseAPIRecognize": ([_P, _P], ctypes.c_int),
    "TessBaseAPIGetTsvText": ([_P, ctypes.c_int], _P),
    "TessBaseAPIDetectOrientationScript": (
        [_P, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_float), _P, _P],
        ctypes.c_int,
    ),
    "TessBaseAPIClear": ([_P], None),
    "TessBaseAPIEnd": ([_P], None),
    "TessBaseAPIDelete": ([_P], None),
    "TessDeleteText": ([_P], None),
    "TessMonitorCreate": ([], _P),
    "TessMonitorSetDeadlineMSecs": ([_P, ctypes.c_int], None),
    "TessMonitorDelete": ([_P], None),
}


class EngineError(Exception):
    """The library is missing, or the language could not be loaded."""


@cache
def library() -> ctypes.CDLL:
    """libtesseract with the signatures used here declared; EngineError when it is absent.
    OpenMP threads are limited to one first (read when the library loads): pages run in
    parallel as processes instead, and threads made a page 6-7x slower on this machine."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        lib = ctypes.CDLL(LIBRARY)
    except OSError as exc:
        raise EngineError(f"{LIBRARY}: {exc}") from exc
    for name, (argtypes, restype) in _SIGNATURES.items():
        function = getattr(lib, name)
        function.argtypes = argtypes
        function.restype = restype
    return lib


def available() -> bool:
    try:
        library()
    except EngineError:
        return False
    return True


class Engine:
    """One initialised Tesseract for one language string; not thread-safe (one per process)."""

    def __init__(self, languages: str) -> None:
        self.lib = library()
        self.handle = self.lib.TessBaseAPICreate()
        if self.lib.TessBaseAPIInit3(self.handle, None, languages.encode()) != 0:
            self.close()
            raise EngineError(f"Tesseract cannot load the language(s) {languages!r}")
        self.lib.TessBaseAPISetVariable(self.handle, b"debug_file", os.devnull.encode())
        atexit.register(self.close)

    def close(self) -> None:
        if self.handle:
            self.lib.TessBaseAPIEnd(self.handle)
            self.lib.TessBaseAPIDelete(self.handle)
            self.handle = None

    def _set_image(self, grey: Grey, dpi: int | None) -> None:
        self.lib.TessBaseAPISetImage(
            self.handle, grey.ctypes.data, grey.shape[1], grey.shape[0], 1, grey.strides[0]
        )
        self.lib.TessBaseAPISetSourceResolution(self.handle, dpi or 300)

    def tsv(self, grey: Grey, dpi: int | None, timeout: float) -> tuple[str, bool]:
        """(TSV of the recognised page, True when the deadline cut recognition short)."""
        self.lib.TessBaseAPISetPageSegMode(self.handle, PSM_AUTO)
        self._set_image(grey, dpi)
        monitor = self.lib.TessMonitorCreate()
        try:
            self.lib.TessMonitorSetDeadlineMSecs(monitor, max(1, int(timeout * 1000)))
            status = self.lib.TessBaseAPIRecognize(self.handle, monitor)
            pointer = self.lib.TessBaseAPIGetTsvText(self.handle, 0) if status == 0 else None
        finally:
            self.lib.TessMonitorDelete(monitor)
        if not pointer:
            self.lib.TessBaseAPIClear(self.handle)
            return "", True
        try:
            return ctypes.string_at(pointer).decode("utf-8", "replace"), False
        finally:
            self.lib.TessDeleteText(pointer)
            self.lib.TessBaseAPIClear(self.handle)

    def orientation(self, grey: Grey) -> tuple[int, float] | None:
        """(clockwise degrees to turn upright, confidence) from OSD; needs the "osd" language."""
        self.lib.TessBaseAPISetPageSegMode(self.handle, PSM_OSD_ONLY)
        self._set_image(grey, 300)
        degrees, confidence = ctypes.c_int(0), ctypes.c_float(0.0)
        found = self.lib.TessBaseAPIDetectOrientationScript(
            self.handle, ctypes.byref(degrees), ctypes.byref(confidence), None, None
        )
        self.lib.TessBaseAPIClear(self.handle)
        if not found:
            return None
        return (360 - degrees.value) % 360, float(confidence.value)


@cache
def engine(languages: str) -> Engine:
    """The process's engine for these languages, loaded on first use."""
    return Engine(languages)

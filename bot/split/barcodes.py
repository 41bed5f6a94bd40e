"""Barcodes on a page image (zxing-cpp): as scanned, then — when nothing is found — once more
after evening out poor toner and low resolution, so a faint or small cover sheet still reads."""

from __future__ import annotations

import cv2
import numpy as np
import zxingcpp

from ocr.cleanup import Grey

FORMATS = zxingcpp.barcode_formats_from_str("QRCode")  # ours; linear codes cost 5x on text
SMALL_SIDE = 1400  # pixels: a page smaller than this (under ~120 dpi) is also tried enlarged


def _decode(grey: Grey) -> list[str]:
    found = zxingcpp.read_barcodes(grey, formats=FORMATS, try_rotate=True, try_downscale=True)
    return [code.text for code in found if code.valid and code.text]


def _darkened(grey: Grey) -> Grey:
    """Faint toner made solid: stretch the contrast, then close gaps in the modules."""
    stretched = cv2.normalize(grey, None, 0, 255, cv2.NORM_MINMAX)
    _, binary = cv2.threshold(stretched, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return np.asarray(cv2.erode(binary, np.ones((3, 3), np.uint8)), dtype=np.uint8)


def _enlarged(grey: Grey) -> Grey:
    return np.asarray(cv2.resize(grey, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC),
                      dtype=np.uint8)


def read(grey: Grey, try_harder: bool = True) -> list[str]:
    """The texts of the QR codes found on the page; `try_harder`: also on evened-out and
    enlarged copies when the page as scanned shows none."""
    found = _decode(grey)
    if found or not try_harder:
        return found
    tries = [_darkened(grey)]
    if min(grey.shape) < SMALL_SIDE:
        tries.append(_enlarged(grey))
    for image in tries:
        found = _decode(image)
        if found:
            return found
    return []

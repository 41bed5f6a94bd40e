"""Tests of the ocr/ library: real Tesseract, documents made on the fly."""

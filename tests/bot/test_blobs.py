"""The blob store keeps original bytes once, unchanged, and notices damage."""

import os

import pytest

from bot.blobs import BlobCorrupted, BlobStore, sha256_hex


def test_put_returns_sha256_and_get_returns_same_bytes(tmp_path):
    store = BlobStore(tmp_path)
    data = b"%PDF-1.4 original evidence \x00\xff"
    digest = store.put(data)
    assert digest == sha256_hex(data)
    assert store.get(digest) == data


def test_same_bytes_are_stored_once_and_write_once(tmp_path):
    store = BlobStore(tmp_path)
    first = store.put(b"abc")
    path = store.path(first)
    mtime = path.stat().st_mtime_ns
    assert store.put(b"abc") == first
    assert path.stat().st_mtime_ns == mtime
    assert not os.access(path, os.W_OK) or os.geteuid() == 0
    assert oct(path.stat().st_mode & 0o777) == "0o444"


def test_damaged_blob_is_detected_on_read(tmp_path):
    store = BlobStore(tmp_path)
    digest = store.put(b"original")
    path = store.path(digest)
    os.chmod(path, 0o644)
    path.write_bytes(b"tampered")
    with pytest.raises(BlobCorrupted):
        store.get(digest)


def test_invalid_digest_is_refused(tmp_path):
    with pytest.raises(ValueError):
        BlobStore(tmp_path).path("../../etc/passwd")

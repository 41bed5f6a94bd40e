"""Offline backups: a self-contained bundle (a consistent database snapshot taken while the
service runs, every original file, a manifest of hashes), incremental after the first,
optionally encrypted with age; verified and restored by command."""

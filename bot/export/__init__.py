"""Confirmed files back to the registry and the e-archive: a folder with a manifest, an FGS
archival package (CITS ERMS inside E-ARK/METS), and write-back adapters (Public 360 SIF)."""

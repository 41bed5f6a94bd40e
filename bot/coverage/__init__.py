"""Reconstruction coverage: how much of the registry's lost archive is recovered, per board, year,
case and kind of record; which missing records matter most; and who may hold a copy.

A module per job: ``kinds`` (the kind of a record from its description), ``profile`` (each
record's kind and importance, rebuilt when the registry is re-imported), ``numbers`` (the counts,
by SQL GROUP BY), ``cache`` (numbers kept until what they count changes), ``progress``
(recovered per week), ``report`` (all of them for the page and the command), ``wanted`` (missing
records ranked, with reasons), ``holders`` (people who may hold a copy, with reasons), ``svg``
(the charts), ``commands`` (`diariebot coverage`), ``text`` (user-facing text).
"""

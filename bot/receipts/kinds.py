"""Receipt kinds, the states of a receipt row, and the pace at which rows are sent."""

from __future__ import annotations

from datetime import timedelta

RECEIVED, CONFIRMED_KIND = "received", "confirmed"
PENDING, SENT, RECORDED, SUPPRESSED, GAVE_UP = "pending", "sent", "recorded", "suppressed", "failed"
MARKER = "X-Diariebot-Receipt"
BATCH = 200  # submissions looked at per call: keeps each call short
MAX_ATTEMPTS = 8
CLAIM = timedelta(minutes=5)  # a sender's hold on rows it is sending

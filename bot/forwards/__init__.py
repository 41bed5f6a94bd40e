"""Split an email body into the forwarding note and each message forwarded or quoted inline.

Shapes read (Swedish and English first; Danish, Norwegian, Finnish and German labels too):

* separator lines: ``-----Ursprungligt meddelande-----``, ``-----Original Message-----``,
  ``---------- Forwarded message ---------``, ``-------- Vidarebefordrat meddelande --------``
  (Yahoo writes the headers on the same line), followed by a header block;
* Outlook's underscore rule ``________________________________`` followed by a header block;
* Apple Mail's ``Början av vidarebefordrat meddelande:`` / ``Begin forwarded message:``;
* a bare header block (new Outlook, HTML mail turned into text): ``Från:`` with ``Skickat:``
  and ``Till:``/``Ämne:`` on the lines below;
* replies: ``Den 4 dec. 2024 kl. 18:36 skrev Anna Berg <anna@x.se>:``,
  ``On Wed, Dec 4, 2024 at 6:36 PM Anna <anna@x.se> wrote:`` followed by a ``>`` quoted or
  indented block; quoted blocks that hold a forward are unquoted and read the same way.

Messages are listed as they appear: outermost first, so the last is the innermost (oldest).

A module per job: ``split`` (the note and the messages), ``boundaries`` (where a message
starts), ``headers`` (header blocks, addresses, subjects), ``quotes`` (quoted and indented
blocks), ``dates`` (dates as clients write them), ``model`` (the messages found) and ``child``
(a message as an item of its own). Import from here.
"""

from __future__ import annotations

from bot.forwards.boundaries import MAX_DEPTH, PROBE_LINES
from bot.forwards.child import MARKER, chain_meta, forward_filename, message_meta, to_eml
from bot.forwards.dates import parse_date
from bot.forwards.headers import addresses, bare_subject
from bot.forwards.model import Chain, ForwardedMessage
from bot.forwards.split import split_forwards

__all__ = [
    "MARKER",
    "MAX_DEPTH",
    "PROBE_LINES",
    "Chain",
    "ForwardedMessage",
    "addresses",
    "bare_subject",
    "chain_meta",
    "forward_filename",
    "message_meta",
    "parse_date",
    "split_forwards",
    "to_eml",
]

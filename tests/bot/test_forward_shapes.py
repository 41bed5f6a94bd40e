"""Forward and reply headers in the shapes real Swedish mail has them (samples written here, after
the shape of the real headers): "på uppdrag av" senders, day.month.year dates in "On … wrote:",
an indented Outlook block whose "Från:" line wraps, and a forward made of such a message."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from bot.db import session_scope
from bot.forwards import addresses, split_forwards, to_eml
from bot.ingest import submit
from bot.models import Item
from bot.sniff import EMAIL
from bot.unpack import unpack
from bot.worker import run_until_idle

BEHALF = "list@example.org på uppdrag av Förnamn Efternamn <fornamn.efternamn@example.se>"
WRAPPED_BLOCK = [
    "Hej, se nedan.",
    "",
    "    ________________________________",
    "    Från: list@example.org på uppdrag av Förnamn Efternamn <fornamn.efternamn@exampl",
    "    e.se>",
    "    Skickat: den 16 december 2003 18:45",
    "    Till: Anna Berg <anna@example.se>",
    "    Ämne: Beslut om bygglov",
    "",
    "    Beslutet bifogas. Dnr BN 2021/0456.",
]


def test_on_behalf_of_gives_the_author_as_sender():
    assert addresses(BEHALF) == "Förnamn Efternamn <fornamn.efternamn@example.se>"
    assert addresses("lista@x.org on behalf of Anna Berg <anna@x.se>") == "Anna Berg <anna@x.se>"


def test_words_between_addresses_are_not_glued_into_one_address():
    # email.utils glues "a@x.org på b" into "a@x.orgpåb": that is no address
    assert addresses("a@x.org på något sätt") == "a@x.org på något sätt"


def test_a_non_ascii_sender_becomes_a_header_without_crashing():
    message = split_forwards("Hej\n\n-----Ursprungligt meddelande-----\n"
                             "Från: åsa@exempel.se på något\nSkickat: den 4 maj 2020 10:00\n"
                             "Ämne: Test\n\nText").messages[0]
    assert unpack(to_eml(message), EMAIL, "x.eml").meta["from"] == "åsa@exempel.se på något"


@settings(max_examples=200, deadline=None)
@given(sender=st.text(max_size=80), subject=st.text(max_size=80))
def test_any_header_text_makes_an_email(sender, subject):
    lines = ["-----Original Message-----", f"From: {sender}", "Sent: 4 May 2020 10:00",
             f"Subject: {subject}", "", "Body"]
    for message in split_forwards("\n".join(lines)).messages:
        assert to_eml(message).startswith(b"MIME-Version: 1.0")


def test_a_numeric_date_in_on_wrote_is_not_taken_for_the_sender():
    chain = split_forwards("Hej\n\nOn 02.05.19 16:28, Förnamn Efternamn wrote:\n> Svar här.\n")
    (message,) = chain.messages
    assert message.sender == "Förnamn Efternamn"
    assert message.date == "2019-05-02T16:28:00"
    quoted = split_forwards('On 02.05.19 16:28, "Efternamn, Förnamn" <f@e.se> wrote:\n> Text\n')
    assert quoted.messages[0].sender == '"Efternamn, Förnamn" <f@e.se>'


def test_an_indented_outlook_block_with_a_wrapped_from_line_is_read():
    chain = split_forwards("\n".join(WRAPPED_BLOCK))
    (message,) = chain.messages
    assert message.sender == "Förnamn Efternamn <fornamn.efternamn@example.se>"
    assert message.date == "2003-12-16T18:45:00"
    assert message.subject == "Beslut om bygglov"
    assert message.body == "Beslutet bifogas. Dnr BN 2021/0456."
    assert chain.note == "Hej, se nedan."


def test_the_indented_block_under_a_newer_forward_is_the_oldest_message():
    outer = ["-----Ursprungligt meddelande-----", "Från: Per Ek <per@example.se>",
             "Skickat: den 3 januari 2004 09:10", "Till: Diariet <diariet@example.se>",
             "Ämne: VB: Beslut om bygglov", ""]
    chain = split_forwards("\n".join(["Till diariet.", "", *outer, *WRAPPED_BLOCK]))
    assert [m.date for m in chain.messages] == ["2004-01-03T09:10:00", "2003-12-16T18:45:00"]
    assert chain.original is not None
    assert chain.original.sender == "Förnamn Efternamn <fornamn.efternamn@example.se>"


def test_a_mac_outlook_forward_on_behalf_is_read_through_the_pipeline(ctx):
    body = "\r\n".join(["Till diariet.", "", *WRAPPED_BLOCK]).encode()
    data = (b"From: per@example.se\r\nTo: diariebot@example.se\r\nSubject: VB: Beslut\r\n"
            b"Message-ID: <behalf@x>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body)
    result = submit(ctx, channel="intake_mail", source_ref="behalf", data=data,
                    filename="vb.eml", submitter="per@example.se")
    run_until_idle(ctx)
    with session_scope(ctx.engine) as session:
        items = session.exec(select(Item).where(Item.submission_id == result.submission_id)
                             .order_by(col(Item.id))).all()
        states = {item.filename: item.state for item in items}
        top = items[0]
        assert top.meta["original_from"] == "Förnamn Efternamn <fornamn.efternamn@example.se>"
        assert top.meta["original_date"] == "2003-12-16T18:45:00"
    assert states == {"vb.eml": "queued", "vidarebefordrat-1.eml": "queued"}

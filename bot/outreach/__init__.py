"""Outreach: a registrar asks the people who may hold copies of missing records to send them in.

A module per job: ``plan`` (the dry run: one message per person, exactly as it will be sent),
``text`` (the Swedish message), ``record`` (the registrar's click: request rows, at most once per
person per period), ``channels`` (the channel-agnostic sender and its email implementation),
``send`` (rate-limited delivery with retries), ``answers`` (links mail that answers a request),
``history`` (what was asked of whom, per record). Personal data never goes into logs.
"""

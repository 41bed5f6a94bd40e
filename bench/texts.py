"""Writes the text of a registered document (letter, memo, protocol excerpt, decision...)."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from bench import phrases, vocab
from bench.letter import (
    SECTION,
    Letter,
    is_organisation,
    municipal_address,
    municipal_footer,
    postal_address,
    signature,
)
from bench.registry import Case, RegDoc, person
from bench.swedish import long_date, number_label, workday_before, written_date

GENRE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("Protokollsutdrag", "protocol"), ("Delgivningskvitto", "receipt"),
    ("Kungörelse", "notice"), ("Underrättelse", "notice"),
    ("Avtal", "contract"), ("Planavtal", "contract"), ("Köpeavtal", "contract"),
    ("Beslut", "decision"), ("Startbesked", "decision"), ("Slutbesked", "decision"),
    ("Tilldelningsbeslut", "decision"), ("Föreläggande", "decision"),
    ("Delårsrapport", "report"), ("Årsredovisning", "report"), ("Budgetunderlag", "report"),
    ("Verksamhetsplan", "report"), ("Förfrågningsunderlag", "report"),
    ("Samrådshandling", "report"), ("Avtalsuppföljning", "report"),
)
ISSUERS = {"KF": "Kommunfullmäktige", "KSAU": "Kommunstyrelsens arbetsutskott"}

Values = dict[str, str]


def genre_of(doc: RegDoc) -> str:
    """Which kind of paper a document record describes."""
    for prefix, genre in GENRE_PREFIXES:
        own_paper = doc.direction != "incoming" or genre == "receipt"
        if own_paper and doc.description.startswith(prefix):
            return genre
    return {"incoming": "incoming", "outgoing": "outgoing"}.get(doc.direction, "memo")


def lower_first(text: str) -> str:
    """'Bygglov för ...' -> 'bygglov för ...', but leaves 'VA-utbyggnad' alone."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def fill_values(rng: random.Random, case: Case, doc: RegDoc, dated: date) -> Values:
    board = vocab.BOARD_NAMES[case.board]
    return {
        "subject": lower_first(case.title), "subject_plain": lower_first(case.title),
        "title": case.title, "description_lc": lower_first(doc.description),
        "board": board, "board_lc": lower_first(board), "counterpart": doc.counterpart,
        "applicant": case.applicant, "handler": case.handler, "prop": case.prop or "",
        "date": written_date(rng, dated), "opened": long_date(case.opened),
        "deadline": long_date(dated + timedelta(days=21)), "year": str(case.year),
        "year_next": str(case.year + 1),
        "amount": f"{rng.randint(2, 400) * 5000:,} kronor".replace(",", " "),
    }


def sentences(rng: random.Random, pool: Sequence[str], k: int, values: Values) -> str:
    picked = rng.sample(list(pool), min(k, len(pool)))
    return " ".join(s.format(**values) for s in picked)


def body(rng: random.Random, pool: Sequence[str], values: Values, paragraphs: int) -> list[str]:
    """Paragraphs of one to three sentences from the genre's pool and the common pools."""
    extra = phrases.PROPERTY if values["prop"] else ()
    mixed = [*pool, *phrases.GENERIC, *extra]
    return [sentences(rng, mixed, rng.randint(1, 3), values) for _ in range(paragraphs)]


def heading_for(rng: random.Random, case: Case, doc: RegDoc) -> str:
    return rng.choice((doc.description, f"Ang. {lower_first(case.title)}",
                       f"{doc.description} – {case.title}", case.title))


def write_incoming(rng: random.Random, case: Case, doc: RegDoc, v: Values, dated: date) -> Letter:
    name = doc.counterpart
    org = is_organisation(name)
    signer = person(rng) if org else name
    meta = [("Datum", v["date"])]
    if name in vocab.AUTHORITIES and rng.random() < 0.6:
        meta.append(("Vårt dnr", f"{rng.randint(100, 999)}-{rng.randint(1000, 9999)}-{dated:%y}"))
    paragraphs = [sentences(rng, phrases.INCOMING_OPEN, 1, v)]
    paragraphs += body(rng, phrases.INCOMING_BODY, v, rng.randint(1, 4))
    paragraphs.append(sentences(rng, phrases.INCOMING_CLOSE, 1, v))
    role = rng.choice(("Handläggare", "Projektledare", "VD", "")) if org else ""
    return Letter(
        sender=postal_address(rng, name), meta=meta, heading=heading_for(rng, case, doc),
        paragraphs=paragraphs, closing=signature(rng, signer, role, name if org else ""),
        author=signer, dated=dated, recipient=municipal_address(case.board),
    )


def municipal(case: Case, *extra: str) -> list[str]:
    return [vocab.MUNICIPALITY, vocab.BOARD_NAMES[case.board], *extra]


def role_of(case: Case) -> str:
    return phrases.TITLES_BY_BOARD[case.board]


def write_outgoing(rng: random.Random, case: Case, doc: RegDoc, v: Values, dated: date) -> Letter:
    paragraphs = [sentences(rng, phrases.OUTGOING_OPEN, 1, v)]
    paragraphs += body(rng, phrases.OUTGOING_BODY, v, rng.randint(1, 4))
    paragraphs.append(sentences(rng, phrases.OUTGOING_CLOSE, 1, v))
    return Letter(
        sender=municipal(case), meta=[("Datum", v["date"]), ("Handläggare", case.handler)],
        heading=heading_for(rng, case, doc), paragraphs=paragraphs,
        closing=signature(rng, case.handler, role_of(case), v["board"]), author=case.handler,
        dated=dated, recipient=postal_address(rng, doc.counterpart), footer=municipal_footer(),
    )


def write_memo(rng: random.Random, case: Case, doc: RegDoc, v: Values, dated: date) -> Letter:
    chosen = sorted(rng.sample(range(len(phrases.MEMO_SECTIONS)), rng.randint(2, 5)))
    paragraphs: list[str] = []
    for index in chosen:
        name, pool = phrases.MEMO_SECTIONS[index]
        paragraphs += [SECTION + name, sentences(rng, pool, 1, v)]
    if rng.random() < 0.5:
        paragraphs += body(rng, (), v, 1)
    return Letter(
        sender=municipal(case, doc.description), heading=case.title, paragraphs=paragraphs,
        meta=[("Datum", v["date"]), ("Handläggare", case.handler)],
        closing=[case.handler, role_of(case)], author=case.handler, dated=dated,
        footer=municipal_footer(),
    )


def write_protocol(rng: random.Random, case: Case, doc: RegDoc, v: Values, dated: date) -> Letter:
    words = doc.description.split()
    issuer = ISSUERS.get(words[1], vocab.BOARD_NAMES.get(words[1], v["board"]))
    memo_day = long_date(workday_before(rng, dated, 30))
    paragraphs = [
        SECTION + "Beslut", sentences(rng, phrases.PROTOCOL_DECISION, 1, {**v, "issuer": issuer}),
        SECTION + "Ärendebeskrivning", body(rng, (), v, 1)[0],
        SECTION + "Beslutsunderlag", f"Tjänsteskrivelse daterad den {memo_day}.",
        SECTION + "Expedieras till", f"{case.applicant}, akten",
    ]
    return Letter(
        sender=[vocab.MUNICIPALITY, "PROTOKOLLSUTDRAG", issuer],
        meta=[("Sammanträdesdatum", v["date"])], heading=f"§ {words[-1]} {case.title}",
        paragraphs=paragraphs, closing=["Justerandes signatur", "", "Utdragsbestyrkande",
                                        case.handler], author=case.handler, dated=dated,
        footer=municipal_footer(),
    )


def write_decision(rng: random.Random, case: Case, doc: RegDoc, v: Values, dated: date) -> Letter:
    grant = "Beslut om" in doc.description or "besked" in doc.description
    pool = phrases.DECISION if grant else phrases.DECISION[1:]
    paragraphs = [f"Ärende: {case.title}", SECTION + "Beslut", sentences(rng, pool, 1, v),
                  rng.choice(phrases.DECISION_REASONS), *body(rng, (), v, rng.randint(0, 2)),
                  phrases.APPEAL]
    return Letter(
        sender=municipal(case), meta=[("Datum", v["date"]), ("Handläggare", case.handler)],
        heading=doc.description, paragraphs=paragraphs,
        closing=signature(rng, case.handler, role_of(case), v["board"]), author=case.handler,
        dated=dated, recipient=postal_address(rng, doc.counterpart), footer=municipal_footer(),
    )


def write_contract(rng: random.Random, case: Case, doc: RegDoc, v: Values, dated: date) -> Letter:
    count = rng.randint(3, len(phrases.CONTRACT))
    paragraphs = [s.format(**v) for s in phrases.CONTRACT[:count]]
    closing = [f"För {vocab.MUNICIPALITY}", "", case.handler, "", f"För {doc.counterpart}", "",
               person(rng) if is_organisation(doc.counterpart) else doc.counterpart]
    return Letter(
        sender=municipal(case), meta=[("Datum", v["date"])], heading=doc.description.upper(),
        paragraphs=paragraphs, closing=closing, author=case.handler, dated=dated,
    )


def write_notice(rng: random.Random, case: Case, doc: RegDoc, v: Values, dated: date) -> Letter:
    paragraphs = [sentences(rng, phrases.NOTICE, rng.randint(2, 3), v)]
    paragraphs += body(rng, (), v, rng.randint(1, 2))
    return Letter(
        sender=municipal(case), meta=[("Datum", v["date"])],
        heading=f"{doc.description} – {case.title}", paragraphs=paragraphs,
        closing=[v["board"]], author=case.handler, dated=dated, footer=municipal_footer(),
    )


def write_receipt(rng: random.Random, case: Case, doc: RegDoc, v: Values, dated: date) -> Letter:
    paragraphs = [f"Ärende: {case.title}", sentences(rng, phrases.RECEIPT, 2, v),
                  "Datum: ....................    Namnteckning: ...................."]
    return Letter(
        sender=municipal(case), meta=[("Datum", v["date"])], heading="DELGIVNINGSKVITTO",
        paragraphs=paragraphs, closing=["Namnförtydligande:", doc.counterpart],
        author=doc.counterpart, dated=dated,
    )


def write_report(rng: random.Random, case: Case, doc: RegDoc, v: Values, dated: date) -> Letter:
    paragraphs: list[str] = []
    pool = rng.sample(phrases.REPORT, len(phrases.REPORT))
    for name in rng.sample(phrases.REPORT_SECTIONS, rng.randint(2, 4)):
        paragraphs += [SECTION + name, sentences(rng, [pool.pop()], 1, v)]
    return Letter(
        sender=municipal(case, doc.description), meta=[("Datum", v["date"])],
        heading=case.title, paragraphs=paragraphs, closing=[v["board"]], author=case.handler,
        dated=dated, footer=municipal_footer(),
    )


Writer = Callable[[random.Random, Case, RegDoc, Values, date], Letter]
WRITERS: dict[str, Writer] = {
    "incoming": write_incoming, "outgoing": write_outgoing, "memo": write_memo,
    "protocol": write_protocol, "decision": write_decision, "contract": write_contract,
    "notice": write_notice, "receipt": write_receipt, "report": write_report,
}


def place_number(rng: random.Random, letter: Letter, number: str, incoming: bool) -> None:
    """Puts the case number where letters put it: the reference block, the heading or the text."""
    roll = rng.random()
    if roll < 0.7:
        letter.meta.insert(1, (number_label(rng, incoming), number))
    elif roll < 0.85:
        letter.heading = f"{letter.heading}, dnr {number}"
    else:
        letter.paragraphs.insert(0, f"Ärende {number}.")


def compose(rng: random.Random, case: Case, doc: RegDoc, number: str | None,
            related: str | None = None) -> Letter:
    """The text of `doc`; `number` is the case number as printed, or None for none at all."""
    genre = genre_of(doc)
    dated = workday_before(rng, doc.date, 4 if genre == "incoming" else 0)
    if genre == "protocol":
        dated = workday_before(rng, doc.date, 6)
    letter = WRITERS[genre](rng, case, doc, fill_values(rng, case, doc, dated), dated)
    if number:
        place_number(rng, letter, number, doc.direction == "incoming")
        if related:
            plain = [i for i, p in enumerate(letter.paragraphs) if not p.startswith(SECTION)]
            letter.paragraphs.insert(plain[0] + 1, f"Se även ärende {related}.")
    return letter

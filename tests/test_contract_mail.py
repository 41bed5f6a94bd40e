"""The mail part of the output contract: `items --json` gives an email's own headers, the
messages forwarded in it (oldest first), and its attachments' parent_id."""

from __future__ import annotations

import json
from email.message import EmailMessage

from bot.cli import main
from tests.conftest import make_pdf

NESTED = """Till diariet.

-----Ursprungligt meddelande-----
Från: Per Ek <per@example.se>
Skickat: den 3 januari 2004 09:10
Till: Diariet <diariet@example.se>
Ämne: VB: Beslut om bygglov

Vidare till er.

-----Ursprungligt meddelande-----
Från: Förnamn Efternamn <fornamn@example.se>
Skickat: den 16 december 2003 18:45
Till: Per Ek <per@example.se>
Ämne: Beslut om bygglov

Beslutet bifogas. Dnr BN 2021/0456.
"""


def _mail() -> bytes:
    message = EmailMessage()
    message["From"] = "Åsa Öberg <asa@example.se>"
    message["To"] = "diariebot@example.se"
    message["Subject"] = "VB: VB: Beslut om bygglov"
    message["Date"] = "Mon, 05 Jan 2004 08:00:00 +0100"
    message["Message-ID"] = "<kontrakt@example.se>"
    message.set_content(NESTED)
    message.add_attachment(make_pdf(["Beslut", "Dnr BN 2021/0456"]), maintype="application",
                           subtype="pdf", filename="beslut.pdf")
    return message.as_bytes()


def test_items_json_has_the_email_headers_and_its_forwards_oldest_first(tmp_path, capsys):
    path = tmp_path / "vb.eml"
    path.write_bytes(_mail())
    home = str(tmp_path / "home")
    assert main(["--home", home, "ingest", str(path)]) == 0
    assert main(["--home", home, "process", "--until-idle"]) == 0
    capsys.readouterr()
    assert main(["--home", home, "items", "--json"]) == 0
    items = {item["filename"]: item for item in json.loads(capsys.readouterr().out)}
    top = items["vb.eml"]
    assert top["email"] == {
        "from": "Åsa Öberg <asa@example.se>", "to": "diariebot@example.se",
        "date": "2004-01-05T08:00:00+01:00", "subject": "VB: VB: Beslut om bygglov",
        "message_id": "<kontrakt@example.se>",
    }
    assert top["forwarded"] == [
        {"from": "Förnamn Efternamn <fornamn@example.se>", "date": "2003-12-16T18:45:00",
         "subject": "Beslut om bygglov"},
        {"from": "Per Ek <per@example.se>", "date": "2004-01-03T09:10:00",
         "subject": "VB: Beslut om bygglov"},
    ]
    assert items["beslut.pdf"]["parent_id"] == top["id"]
    assert items["beslut.pdf"]["email"] is None and items["beslut.pdf"]["forwarded"] == []
    assert items["vidarebefordrat-1.eml"]["parent_id"] == top["id"]
    assert items["vidarebefordrat-1.eml"]["email"]["from"] == "Per Ek <per@example.se>"

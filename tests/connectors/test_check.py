"""`diariebot check` says per connector what is wrong (credentials, folder, server, settings)
and exits 1 when anything is; secrets never appear in what it prints."""

from __future__ import annotations

from bot import cli
from tests.connectors.conftest import imap_table, write_config
from tests.connectors.dovecot import free_port


def test_check_names_each_problem_and_exits_1(tmp_path, dovecot, imap_user, capsys):
    home = tmp_path / "home"
    write_config(home, {
        "ok": imap_table(dovecot, imap_user),
        "fel_losen": imap_table(dovecot, imap_user, password="fel-losenord-123"),
        "fel_mapp": imap_table(dovecot, imap_user, folder="Skanningar"),
        "borta": imap_table(dovecot, imap_user, port=free_port(), timeout=3),
        "stavfel": {**imap_table(dovecot, imap_user), "pasword": "x"},
        "okand": {"type": "fax"},
    })
    status = cli.main(["--home", str(home), "check"])
    out = capsys.readouterr().out
    assert status == 1
    blocks = _blocks(out)
    assert blocks["ok (imap)"] == "OK"
    assert "login refused" in blocks["fel_losen (imap)"]
    assert "folder 'Skanningar'" in blocks["fel_mapp (imap)"]
    assert "unreachable" in blocks["borta (imap)"]
    assert "unknown settings: pasword" in blocks["stavfel (imap)"]
    assert "unknown type 'fax'" in blocks["okand (fax)"]
    assert "fel-losenord-123" not in out and imap_user not in out


def test_check_with_everything_fine_exits_0(tmp_path, dovecot, imap_user, capsys):
    home = tmp_path / "home"
    write_config(home, {"intag": imap_table(dovecot, imap_user)})
    assert cli.main(["--home", str(home), "check"]) == 0
    assert capsys.readouterr().out.strip() == "intag (imap): OK"


def test_password_from_a_file_or_the_environment(tmp_path, dovecot, imap_user, capsys,
                                                 monkeypatch):
    secret = tmp_path / "secret"
    secret.write_text("hemligt\n", encoding="utf-8")
    monkeypatch.setenv("INTAG_PASSWORD", "hemligt")
    table = imap_table(dovecot, imap_user)
    del table["password"]
    home = tmp_path / "home"
    write_config(home, {"fil": {**table, "password_file": str(secret)},
                        "env": {**table, "password_env": "INTAG_PASSWORD"},
                        "saknas": {**table, "password_env": "FINNS_INTE"}})
    assert cli.main(["--home", str(home), "check"]) == 1
    blocks = _blocks(capsys.readouterr().out)
    assert blocks["fil (imap)"] == "OK" and blocks["env (imap)"] == "OK"
    assert "FINNS_INTE" in blocks["saknas (imap)"]


def _blocks(out: str) -> dict[str, str]:
    """'name (type): OK' or 'name (type): FEL / PROBLEM' followed by '  - reason' lines."""
    blocks: dict[str, str] = {}
    head = ""
    for line in out.splitlines():
        if line.startswith("  - "):
            blocks[head] += " " + line[4:]
        else:
            head, _, status = line.partition(": ")
            blocks[head] = status
    return blocks


def test_fetch_one_named_connector_and_refuse_an_unknown_name(tmp_path, dovecot, imap_user,
                                                               capsys):
    from tests.connectors.conftest import deliver
    from tests.connectors.messages import fifty

    deliver(dovecot, imap_user, [fifty()[0].data])
    home = tmp_path / "home"
    write_config(home, {"intag": imap_table(dovecot, imap_user),
                        "trasig": imap_table(dovecot, imap_user, password="fel")})
    assert cli.main(["--home", str(home), "fetch", "--connector", "intag"]) == 0
    assert capsys.readouterr().out.strip() == (
        "intag: 1 hämtade / fetched, 1 nya / new, 0 redan mottagna / already received")
    assert cli.main(["--home", str(home), "fetch", "--connector", "nej"]) == 2
    assert cli.main(["--home", str(home), "fetch"]) == 1  # intag has nothing, trasig fails
    captured = capsys.readouterr()
    assert "trasig: inloggning / credentials" in captured.err

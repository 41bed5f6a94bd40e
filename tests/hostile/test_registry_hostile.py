"""Registry import against damaged exports, through the real command: an unclosed quote, broken
quoting, a cell far over csv's 131,072-character limit and keys given twice are each reported
with their line, and every good row still imports; an unchanged re-import writes nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlmodel import col, func, select

from bot.db import session_scope
from bot.models import Case, RegistryDocument, RegistryState
from tests.hostile.conftest import cli, open_home

HEADER = "case_number,title,board,opened,status,handler\n"


def _case(serial: int, title: str = "") -> str:
    return f"KS 2021/{serial:04d},{title or f'Ärende {serial}'},KS,2021-03-01,pågående,Eva\n"


def _write(tmp_path: Path, text: str, name: str = "cases.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _titles(home: Path) -> dict[int, str]:
    with session_scope(open_home(home).engine) as session:
        return {c.serial: c.title for c in session.exec(select(Case))}


def _errors(stderr: str, path: Path) -> dict[int, str]:
    found = {}
    for line in stderr.splitlines():
        if line.startswith(f"{path}:"):
            number, reason = line.removeprefix(f"{path}:").split(": ", 1)
            found[int(number)] = reason
    return found


def test_an_unclosed_quote_swallows_no_rows(tmp_path):
    rows = [_case(n) for n in range(1, 501)]
    rows.append('KS 2021/0501,"Detaljplan för Tegelviken,KS,2021-03-01,pågående,Eva\n')  # line 502
    rows += [_case(n) for n in range(502, 1502)]
    path = _write(tmp_path, HEADER + "".join(rows))
    home = tmp_path / "home"
    done = cli(home, "registry", "import", str(path))
    assert done.returncode == 1  # a row did not import: said, not hidden
    assert "1500 nya / new" in done.stdout and "1 fel / errors" in done.stdout
    errors = _errors(done.stderr, path)
    assert list(errors) == [502] and "unclosed quote" in errors[502]
    titles = _titles(home)
    assert len(titles) == 1500 and 501 not in titles
    assert titles[1501] == "Ärende 1501" and max(map(len, titles.values())) < 20
    assert "Traceback" not in done.stderr


def test_a_quote_closed_rows_later_is_found_by_the_rows_it_swallowed(tmp_path):
    rows = [_case(n) for n in range(1, 11)]
    rows.append('KS 2021/0011,"Detaljplan,KS,2021-03-01,pågående,Eva\n')  # line 12
    rows += [_case(n) for n in range(12, 40)]
    rows.append('KS 2021/0040,Titel,KS,2021-03-01,pågående,Eva"\n')  # line 41 closes it
    rows += [_case(n) for n in range(41, 51)]
    path = _write(tmp_path, HEADER + "".join(rows))
    home = tmp_path / "home"
    done = cli(home, "registry", "import", str(path))
    errors = _errors(done.stderr, path)
    assert list(errors) == [12] and "unclosed quote swallows lines 12–41" in errors[12]
    assert sorted(_titles(home)) == [n for n in range(1, 51) if n != 11]


def test_a_quote_open_at_the_end_of_the_file_and_broken_quoting_are_reported(tmp_path):
    text = (HEADER + _case(1) + 'KS 2021/0002,"Titel"x,KS,2021-03-01,pågående,Eva\n'  # line 3
            + _case(3) + 'KS 2021/0004,"aldrig stängd\n' + _case(5) + _case(6))  # line 5
    path = _write(tmp_path, text)
    home = tmp_path / "home"
    done = cli(home, "registry", "import", str(path))
    errors = _errors(done.stderr, path)
    assert sorted(errors) == [3, 5]
    assert all("quot" in reason for reason in errors.values())
    assert sorted(_titles(home)) == [1, 3, 5, 6]


def test_a_cell_over_csvs_limit_is_a_row_error_not_an_abort(tmp_path):
    huge = "x" * 200_000  # csv's own limit is 131,072
    text = HEADER + _case(1) + _case(2, huge) + _case(3) + _case(4, "y" * 17_000_000) + _case(5)
    path = _write(tmp_path, text)
    home = tmp_path / "home"
    done = cli(home, "registry", "import", str(path))
    errors = _errors(done.stderr, path)
    assert sorted(errors) == [3, 5]
    assert "cell too long" in errors[3]
    assert sorted(_titles(home)) == [1, 3, 5]
    assert "Traceback" not in done.stderr


def test_a_key_given_twice_is_reported_and_the_first_row_stands(tmp_path):
    cases = HEADER + _case(1, "Först") + _case(2) + _case(1, "Sedan")  # line 4 repeats line 2
    documents = ("case_number,doc_number,date,direction,counterpart,description\n"
                 "KS 2021/0001,1,2021-03-01,incoming,,Ansökan\n"
                 "KS 2021/0002,1,2021-03-02,incoming,,Ansökan\n"
                 "KS 2021/0001-1,,2021-03-05,outgoing,,Beslut\n")  # line 4: the same record
    home = tmp_path / "home"
    paths = [_write(tmp_path, cases), _write(tmp_path, documents, "documents.csv")]
    done = cli(home, "registry", "import", *map(str, paths))
    assert _errors(done.stderr, paths[0]) == {4: _errors(done.stderr, paths[0])[4]}
    assert "line 2" in _errors(done.stderr, paths[0])[4]
    assert "line 2" in _errors(done.stderr, paths[1])[4]
    assert _titles(home)[1] == "Först"
    with session_scope(open_home(home).engine) as session:
        descriptions = session.exec(select(RegistryDocument.description)
                                    .order_by(col(RegistryDocument.id))).all()
    assert descriptions == ["Ansökan", "Ansökan"]


def _version(home: Path) -> int:
    with session_scope(open_home(home).engine) as session:
        state = session.get(RegistryState, 1)
        return state.version if state else 0


def test_an_unchanged_reimport_writes_nothing_and_a_changed_one_updates(tmp_path):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER.strip().split(","))
    for n in range(1, 5001):
        writer.writerow([f"BN 2019/{n:04d}", f"Bygglov {n}", "BN", "2019-05-01", "avslutat", "Per"])
    path = _write(tmp_path, out.getvalue())
    home = tmp_path / "home"
    assert cli(home, "registry", "import", str(path)).returncode == 0
    version = _version(home)
    again = cli(home, "registry", "import", str(path))
    assert "0 nya / new, 0 uppdaterade / updated, 5000 oförändrade / unchanged" in again.stdout
    assert _version(home) == version  # the search index was not rebuilt
    path.write_text(out.getvalue().replace("Bygglov 17,", "Bygglov sjutton,"), encoding="utf-8")
    changed = cli(home, "registry", "import", str(path))
    assert "0 nya / new, 1 uppdaterade / updated, 4999 oförändrade" in changed.stdout
    assert _version(home) == version + 1
    with session_scope(open_home(home).engine) as session:
        assert session.exec(select(func.count()).select_from(Case)).one() == 5000

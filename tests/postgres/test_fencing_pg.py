"""tests/hostile's fencing test against real worker processes, run unchanged on PostgreSQL
(the `home` fixture here points the home at a fresh database): a worker frozen past its lease
cannot undo the work of the worker that took over, nor a registrar's confirmation. (The others
there are left out: one rewrites the home's settings file, and so would leave PostgreSQL; the
slow-stage one assumes a CLI process starts within 5 s, which a loaded machine breaks on
SQLite as well.)"""

from tests.hostile.conftest import open_home
from tests.hostile.test_fencing import (  # noqa: F401 (collected here, on PostgreSQL)
    test_a_late_worker_cannot_undo_a_registrars_confirmation,
)


def test_the_hostile_home_is_on_postgresql(home):
    assert open_home(home).engine.dialect.name == "postgresql"

"""tests/hostile's fencing tests against real worker processes, run unchanged on PostgreSQL
(the `home` fixture here points the home at a fresh database): a worker frozen past its lease
cannot undo the work of the worker that took over, nor a registrar's confirmation; a slow stage
keeps its lease alive (the heartbeat) and runs once. (The kill test there rewrites the home's
settings file, and so would leave PostgreSQL.)"""

from tests.hostile.conftest import open_home
from tests.hostile.test_fencing import (  # noqa: F401 (collected here, on PostgreSQL)
    test_a_late_worker_cannot_undo_a_registrars_confirmation,
    test_a_slow_stage_keeps_its_lease_and_runs_once,
)


def test_the_hostile_home_is_on_postgresql(home):
    assert open_home(home).engine.dialect.name == "postgresql"

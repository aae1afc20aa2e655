"""A sent message's record survives a database restart shorter than half the send lease, so
no other worker sends it again (the cluster suite's database restart caught e-mails sent twice).
"""

from __future__ import annotations

import time

import pytest
from pymongo.errors import AutoReconnect, ConnectionFailure, ServerSelectionTimeoutError

from notify.sending import while_leased


class DatabaseRestarting:
    """A save that fails like pymongo while the server is down, `failures` times."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls = 0

    async def __call__(self) -> bool:
        self.calls += 1
        if self.calls <= self.failures:
            raise (AutoReconnect if self.calls % 2 else ServerSelectionTimeoutError)("restarting")
        return True


async def test_the_attempt_is_recorded_once_the_database_is_back() -> None:
    save = DatabaseRestarting(failures=3)

    assert await while_leased(save, until=time.monotonic() + 30)
    assert save.calls == 4


async def test_the_record_gives_up_before_the_lease_runs_out() -> None:
    save = DatabaseRestarting(failures=1000)

    with pytest.raises(ConnectionFailure):
        await while_leased(save, until=time.monotonic() + 0.5)
    assert save.calls < 10

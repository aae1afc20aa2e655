"""`make bench` reports the database server's own CPU per item when the server runs on this
machine: the figure that shows when a benchmark's rate is bounded by the server."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.bench.server_cpu import ServerCpu, process_listening_on
from tests.support.infrastructure import Infrastructure


def test_benchmarks_find_the_local_database_server_to_report_its_cpu(
    infrastructure: Infrastructure,
) -> None:
    parts = urlsplit(infrastructure.mongo_url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        pytest.skip("the database server is not a process of this machine")
    pid = process_listening_on(parts.port or 27017)
    assert pid is not None
    command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    assert "secantus" in command or "mongod" in command
    assert ServerCpu(infrastructure.mongo_url).pid == pid


def test_a_remote_database_server_reports_no_cpu_figure() -> None:
    assert ServerCpu("mongodb://db.example.net:27017/").ms_per_item(10) is None

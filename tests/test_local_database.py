"""The local database a newcomer gets: SecantusDB from the locked environment, started and stopped
by deploy/infra.py on loopback, its data kept in the checkout's .run/ across restarts.

Runs on a port of its own (never the shared 27017) with .run/ in a temporary folder.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

import pytest
from pymongo import MongoClient

from deploy import infra


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def connect(url: str) -> MongoClient[dict[str, Any]]:
    return MongoClient(url, serverSelectionTimeoutMS=10_000)


@pytest.fixture
def local_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(infra, "RUN", tmp_path)
    monkeypatch.setattr(infra, "PID_FILE", tmp_path / "secantusdb.pid")
    return tmp_path


def test_local_database_keeps_its_data_across_a_clean_stop_and_start(local_run: Path) -> None:
    url = f"mongodb://127.0.0.1:{free_port()}/"
    try:
        assert "SecantusDB" in infra.start_secantusdb(url)
        with connect(url) as client:
            client["helpdesk"]["tickets"].insert_one({"_id": 1, "subject": "Impressora não liga"})
        pid = int((local_run / "secantusdb.pid").read_text())

        infra.stop_secantusdb()

        assert not infra.process_alive(pid)
        assert not (local_run / "secantusdb.pid").exists()
        assert not infra.answers(url, 27017)
        infra.start_secantusdb(url)
        with connect(url) as client:
            stored = client["helpdesk"]["tickets"].find_one({"_id": 1})
        assert stored == {"_id": 1, "subject": "Impressora não liga"}
        assert (local_run / "secantusdb").is_dir()
    finally:
        infra.stop_secantusdb()


def test_local_database_refuses_an_address_off_loopback(local_run: Path) -> None:
    with pytest.raises(infra.InfraError, match="loopback"):
        infra.start_secantusdb("mongodb://192.0.2.10:27017/")
    assert not (local_run / "secantusdb.pid").exists()


def test_local_database_asks_for_setup_when_the_environment_is_missing(
    local_run: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UV_PROJECT_ENVIRONMENT", os.fspath(local_run / "no-venv"))
    with pytest.raises(infra.InfraError, match="make setup"):
        infra.start_secantusdb("mongodb://127.0.0.1:27099/")

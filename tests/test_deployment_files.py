"""docker-compose.yml stays consistent with the local run (it cannot be run on this machine)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from deploy.run import SERVICES

ROOT = Path(__file__).resolve().parents[1]
PORTS = SERVICES


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())  # type: ignore[no-any-return]


def test_every_service_waits_for_healthy_broker_and_database() -> None:
    services = compose()["services"]
    for name in PORTS:
        depends = services[name]["depends_on"]
        assert depends == {
            "rabbitmq": {"condition": "service_healthy"},
            "mongo": {"condition": "service_healthy"},
        }
    assert "healthcheck" in services["rabbitmq"]
    assert "healthcheck" in services["mongo"]
    assert "HEALTHCHECK" in (ROOT / "deploy" / "Dockerfile").read_text()


def test_compose_ports_match_the_local_run() -> None:
    services = compose()["services"]
    for name, port in PORTS.items():
        assert services[name]["environment"]["HELPDESK_HTTP_PORT"] == str(port)
        assert f"{port}:{port}" in services[name]["ports"]
        assert services[name]["command"] == ["python", "-m", name]


def test_mongo_runs_as_a_single_node_replica_set() -> None:
    mongo = compose()["services"]["mongo"]
    assert "--replSet" in mongo["command"]
    assert "rs.initiate" in " ".join(mongo["healthcheck"]["test"])


def test_compose_gives_every_secret_without_a_default() -> None:
    """`docker compose up` stops until each secret is set (`${NAME:?…}`), never falls back."""
    services = compose()["services"]
    wanted = {
        "tickets": ["HELPDESK_CUSTOMER_TOKEN_SECRET", "HELPDESK_FILE_LINK_SECRET"],
        "intake": [
            "HELPDESK_WHATSAPP_APP_SECRET",
            "HELPDESK_WHATSAPP_VERIFY_TOKEN",
            "HELPDESK_FILE_LINK_SECRET",
        ],
        "chat": ["HELPDESK_FILE_LINK_SECRET"],
    }
    for service, names in wanted.items():
        for name in names:
            assert services[service]["environment"][name].startswith(f"${{{name}:?")

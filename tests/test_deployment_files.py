"""docker-compose.yml stays consistent with the local run (it cannot be run on this machine)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from deploy.devkit.sandbox_config import ENVIRONMENT, load_config
from deploy.mailpit import MAILPIT_VERSION
from deploy.run import SERVICES, print_urls

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


def dev_env() -> dict[str, str]:
    lines = (ROOT / "deploy" / "compose-dev.env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_the_mail_catcher_and_whatsapp_sandbox_run_only_in_the_dev_profile() -> None:
    services = compose()["services"]
    companions = {name for name, service in services.items() if "profiles" in service}
    assert companions == {"mailpit", "whatsapp-sandbox"}
    assert all(services[name]["profiles"] == ["dev"] for name in companions)
    assert services["mailpit"]["image"] == f"axllent/mailpit:{MAILPIT_VERSION}"  # as make run
    for service in services.values():
        assert not companions & set(service.get("depends_on", {}))  # prod never needs them
    assert services["whatsapp-sandbox"]["build"]["target"] == "devkit"
    stages = re.findall(r"^FROM \S+ AS (\w+)", (ROOT / "deploy/Dockerfile").read_text(), re.M)
    assert stages[-1] == "service"  # a build without --target gives the service image


def test_the_dev_env_file_turns_on_the_profile_and_points_notify_at_the_companions() -> None:
    services, env = compose()["services"], dev_env()
    assert env["COMPOSE_PROFILES"] == "dev"
    notify = services["notify"]["environment"]
    assert notify["HELPDESK_SMTP_HOST"].startswith("${HELPDESK_SMTP_HOST:?")  # no silent relay
    assert env["HELPDESK_SMTP_HOST"] == "mailpit"
    assert f"{env['HELPDESK_SMTP_PORT']}:1025" in services["mailpit"]["ports"]
    sandbox = services["whatsapp-sandbox"]
    port = sandbox["environment"]["HELPDESK_HTTP_PORT"]
    assert env["HELPDESK_WHATSAPP_BASE_URL"] == f"http://whatsapp-sandbox:{port}/v21.0"
    assert sandbox["environment"]["HELPDESK_INTAKE_URL"] == f"http://intake:{PORTS['intake']}"
    assert notify["HELPDESK_WHATSAPP_BASE_URL"].startswith("${HELPDESK_WHATSAPP_BASE_URL:-https")


def test_the_sandbox_in_a_container_signs_with_the_secrets_intake_and_notify_use() -> None:
    """The sandbox reads the very variables intake verifies and notify sends with."""
    services = compose()["services"]
    sandbox = services["whatsapp-sandbox"]["environment"]
    for name in ("HELPDESK_WHATSAPP_APP_SECRET", "HELPDESK_WHATSAPP_VERIFY_TOKEN"):
        assert sandbox[name] == services["intake"]["environment"][name]
    for name in ("HELPDESK_WHATSAPP_TOKEN", "HELPDESK_WHATSAPP_PHONE_NUMBER_ID"):
        assert sandbox[name] == services["notify"]["environment"][name]
    environ = {name: f"value-of-{name}" for name in ENVIRONMENT.values()} | {
        "HELPDESK_HTTP_PORT": "8026"
    }
    config = load_config(ROOT / "no-such-file.json", environ)
    assert config is not None
    assert config.app_secret == "value-of-HELPDESK_WHATSAPP_APP_SECRET"
    assert config.access_token == "value-of-HELPDESK_WHATSAPP_TOKEN"
    assert config.intake_url == "value-of-HELPDESK_INTAKE_URL"
    assert config.sandbox_port == 8026
    del environ["HELPDESK_WHATSAPP_TOKEN"]
    assert load_config(ROOT / "no-such-file.json", environ) is None


def test_make_run_prints_the_customer_pages_on_the_ports_it_moved_them_to(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TICKETS_PORT", "18002")
    monkeypatch.setenv("CHAT_PORT", "18003")
    print_urls(1.0, companions=[])
    [pages] = [line for line in capsys.readouterr().out.splitlines() if "Customer pages" in line]
    assert "http://127.0.0.1:18002/meus-chamados" in pages
    assert "http://127.0.0.1:18003/kb/pt-BR" in pages
    assert ":8002/" not in pages

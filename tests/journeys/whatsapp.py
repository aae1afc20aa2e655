"""WhatsApp on both sides of the system, as `make run` wires it: the development sandbox playing
the Cloud API (a real process on loopback), the customer command signing webhooks for intake."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx

from deploy.devkit.sandbox_config import WhatsAppDevConfig
from tests.support.processes import ROOT, eventually, free_port


@dataclass
class Sandbox:
    config: WhatsAppDevConfig
    config_file: Path

    def messages(self, customer: str) -> list[dict[str, Any]]:
        answer = httpx.get(
            f"{self.config.sandbox_url}/sandbox/api/messages",
            params={"customer": customer},
            timeout=10,
        )
        answer.raise_for_status()
        found: list[dict[str, Any]] = answer.json()
        return found

    def outbound(self, customer: str) -> list[dict[str, Any]]:
        return [m for m in self.messages(customer) if m["direction"] == "outbound"]

    def customer_writes(self, customer: str, text: str, *, hours_ago: float = 0) -> str:
        """`python -m deploy.devkit whatsapp` as a newcomer types it; its output."""
        command = [sys.executable, "-m", "deploy.devkit", "whatsapp", text, "--from", customer]
        done = subprocess.run(
            [*command, "--hours-ago", str(hours_ago), "--name", "Joana Lima"],
            env={**os.environ, "HELPDESK_DEV_WHATSAPP_CONFIG": str(self.config_file)},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, f"customer command: {done.stdout}{done.stderr}"
        return done.stdout

    def intake_settings(self) -> dict[str, str]:
        return {
            "HELPDESK_WHATSAPP_APP_SECRET": self.config.app_secret,
            "HELPDESK_WHATSAPP_VERIFY_TOKEN": self.config.verify_token,
        }

    def notify_settings(self) -> dict[str, str]:
        return {
            "HELPDESK_WHATSAPP_BASE_URL": self.config.graph_base_url,
            "HELPDESK_WHATSAPP_PHONE_NUMBER_ID": self.config.phone_number_id,
            "HELPDESK_WHATSAPP_TOKEN": self.config.access_token,
        }


def _ready(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextlib.contextmanager
def running_sandbox(folder: Path, intake_port: int) -> Iterator[Sandbox]:
    """The sandbox process with a configuration of its own (fresh secrets, free port)."""
    config = replace(
        WhatsAppDevConfig.generate(),
        intake_url=f"http://127.0.0.1:{intake_port}",
        sandbox_port=free_port(),
    )
    config_file = folder / "whatsapp-sandbox.json"
    config.save(config_file)
    log = (folder / "whatsapp-sandbox.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "deploy.devkit", "whatsapp-sandbox"],
        env={**os.environ, "HELPDESK_DEV_WHATSAPP_CONFIG": str(config_file)},
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    try:
        ready = f"{config.sandbox_url}/health/ready"
        eventually(lambda: _ready(ready), timeout=30, what="the WhatsApp sandbox answers")
        yield Sandbox(config, config_file)
    finally:
        process.terminate()
        process.wait(10)
        log.close()

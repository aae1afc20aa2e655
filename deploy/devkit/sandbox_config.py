"""The development WhatsApp set-up `make run` shares between intake, notify, the sandbox and the
customer command: generated once per checkout into .run/whatsapp-sandbox.json (ignored by git).
Under docker compose's `dev` profile the same settings come from the environment instead
(the variables intake and notify read, see `from_environment`)."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / ".run" / "whatsapp-sandbox.json"
SANDBOX_PORT = 8026


@dataclass(frozen=True)
class WhatsAppDevConfig:
    """Secrets (random per checkout) and where each party listens."""

    app_secret: str
    verify_token: str
    access_token: str
    phone_number_id: str = "100000000000001"
    display_phone_number: str = "551140040000"
    business_account_id: str = "200000000000002"
    api_version: str = "v21.0"
    intake_url: str = "http://127.0.0.1:8001"
    sandbox_port: int = SANDBOX_PORT

    @classmethod
    def generate(cls) -> WhatsAppDevConfig:
        return cls(
            app_secret=secrets.token_hex(16),
            verify_token=secrets.token_urlsafe(16),
            access_token="sandbox-" + secrets.token_urlsafe(24),
        )

    @property
    def sandbox_url(self) -> str:
        return f"http://127.0.0.1:{self.sandbox_port}"

    @property
    def graph_base_url(self) -> str:
        """What notify's HELPDESK_WHATSAPP_BASE_URL points at."""
        return f"{self.sandbox_url}/{self.api_version}"

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=2))
        path.chmod(0o600)

    @classmethod
    def load(cls, path: Path) -> WhatsAppDevConfig:
        return cls(**json.loads(path.read_text()))

    @classmethod
    def for_checkout(cls, path: Path = DEFAULT_PATH, **where: str | int) -> WhatsAppDevConfig:
        """The checkout's configuration, generated on first use; `where` moves ports and URLs."""
        config = cls.load(path) if path.exists() else cls.generate()
        config = replace(config, **where)  # type: ignore[arg-type]
        config.save(path)
        return config


ENVIRONMENT = {
    "app_secret": "HELPDESK_WHATSAPP_APP_SECRET",
    "verify_token": "HELPDESK_WHATSAPP_VERIFY_TOKEN",
    "access_token": "HELPDESK_WHATSAPP_TOKEN",
    "phone_number_id": "HELPDESK_WHATSAPP_PHONE_NUMBER_ID",
    "intake_url": "HELPDESK_INTAKE_URL",
    "sandbox_port": "HELPDESK_HTTP_PORT",
}
"""Where `from_environment` finds each setting: the names intake and notify use themselves."""
REQUIRED = ("app_secret", "verify_token", "access_token")


def from_environment(environ: Mapping[str, str]) -> WhatsAppDevConfig | None:
    """The set-up the environment gives (docker compose's `dev` profile); None when a secret
    it needs is missing."""
    given = {field: environ[name] for field, name in ENVIRONMENT.items() if environ.get(name)}
    if any(field not in given for field in REQUIRED):
        return None
    port = int(given.pop("sandbox_port", SANDBOX_PORT))
    return replace(WhatsAppDevConfig(**given), sandbox_port=port)  # type: ignore[arg-type]


def load_config(path: Path, environ: Mapping[str, str]) -> WhatsAppDevConfig | None:
    """The checkout's file when it exists, else the environment's settings, else None."""
    return WhatsAppDevConfig.load(path) if path.exists() else from_environment(environ)


def config_path() -> Path:
    """HELPDESK_DEV_WHATSAPP_CONFIG when set (tests), else the checkout's .run file."""
    return Path(os.environ.get("HELPDESK_DEV_WHATSAPP_CONFIG", DEFAULT_PATH))

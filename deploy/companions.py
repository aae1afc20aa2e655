"""The development-only companions `make run` starts beside the services, so that a newcomer sees
the system work: Mailpit (every e-mail notify sends) and the WhatsApp Cloud API sandbox (every
WhatsApp message either way). Both listen on loopback only; neither is ever deployed.

`plan_companions` says which processes to start, which settings each service gets to use them,
and what to print.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from deploy.devkit.sandbox_config import WhatsAppDevConfig
from deploy.mailpit import MailpitUnavailable, build_mailpit, mailpit_command
from deploy.supervisor import say

ROOT = Path(__file__).resolve().parent.parent
MAIL_SMTP_PORT = int(os.environ.get("MAIL_SMTP_PORT", 1025))
MAIL_WEB_PORT = int(os.environ.get("MAIL_WEB_PORT", 8025))
WHATSAPP_PORT = int(os.environ.get("WHATSAPP_SANDBOX_PORT", 8026))


@dataclass(frozen=True)
class Companion:
    name: str
    command: list[str]
    ready_url: str


@dataclass
class CompanionPlan:
    processes: list[Companion] = field(default_factory=list)
    settings: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per service: HELPDESK_* variables that point it at the companions."""
    urls: list[str] = field(default_factory=list)


def _mail(plan: CompanionPlan) -> None:
    try:
        binary = build_mailpit(say)
    except (MailpitUnavailable, OSError) as failure:
        say(f"no mail catcher: {failure}")
        plan.urls.append("  mail     (Mailpit could not be built: see the message above)")
        return
    data = ROOT / ".run" / "mailpit.db"
    command = mailpit_command(binary, smtp_port=MAIL_SMTP_PORT, web_port=MAIL_WEB_PORT, data=data)
    web = f"http://127.0.0.1:{MAIL_WEB_PORT}"
    plan.processes.append(Companion("mail", command, f"{web}/readyz"))
    plan.settings.setdefault("notify", {}).update(
        HELPDESK_SMTP_HOST="127.0.0.1", HELPDESK_SMTP_PORT=str(MAIL_SMTP_PORT)
    )
    smtp = f"127.0.0.1:{MAIL_SMTP_PORT}"
    plan.urls.append(f"  mail     {web}/  every e-mail notify sends (Mailpit, SMTP {smtp})")


def _whatsapp(plan: CompanionPlan, intake_url: str) -> None:
    config = WhatsAppDevConfig.for_checkout(intake_url=intake_url, sandbox_port=WHATSAPP_PORT)
    command = [sys.executable, "-m", "deploy.devkit", "whatsapp-sandbox"]
    plan.processes.append(Companion("whatsapp", command, f"{config.sandbox_url}/health/ready"))
    plan.settings.setdefault("intake", {}).update(
        HELPDESK_WHATSAPP_APP_SECRET=config.app_secret,
        HELPDESK_WHATSAPP_VERIFY_TOKEN=config.verify_token,
    )
    plan.settings.setdefault("notify", {}).update(
        HELPDESK_WHATSAPP_BASE_URL=config.graph_base_url,
        HELPDESK_WHATSAPP_PHONE_NUMBER_ID=config.phone_number_id,
        HELPDESK_WHATSAPP_TOKEN=config.access_token,
    )
    plan.urls += [
        f"  whatsapp {config.sandbox_url}/  the WhatsApp sandbox: conversations both ways",
        '           write as a customer: uv run python -m deploy.devkit whatsapp "Olá" '
        "--from 5511987654321",
    ]


def plan_companions(intake_url: str) -> CompanionPlan:
    """Mailpit (built on first use) and the WhatsApp sandbox, with the settings that use them;
    none with HELPDESK_DEV_COMPANIONS=off (your own relay and Cloud API settings then apply)."""
    plan = CompanionPlan()
    if os.environ.get("HELPDESK_DEV_COMPANIONS", "on") == "off":
        return plan
    _mail(plan)
    _whatsapp(plan, intake_url)
    return plan

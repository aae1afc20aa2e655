"""Settings of the tickets service (environment variables with the HELPDESK_ prefix)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, SecretStr

from helpdesk_runtime.settings import ServiceSettings
from helpdesk_runtime.upload_limits import MEGABYTE, UploadLimits
from tickets.domain.priority_rules import PriorityRule, PriorityRules
from tickets.domain.reply_policy import ReplyPolicy
from tickets.domain.sign_in import MagicLinkPolicy
from tickets.domain.workflow import ClosingPolicy
from tickets.priority_rules_file import load_priority_rules


class TicketsSettings(ServiceSettings):
    http_port: int = 8002
    resolved_reply: Literal["new_linked_ticket", "reopen"] = Field(
        default="new_linked_ticket",
        description="What a customer's message on a resolved ticket does, on every channel",
    )
    reopen_window_days: float = Field(
        default=7, description="With resolved_reply=reopen: how long after resolution"
    )
    close_after_days: float = Field(default=7, description="Resolved tickets close this later")
    csat_window_days: float = Field(default=7, description="How long a CSAT request stays open")
    auto_close_poll_s: float = 60.0
    priority_rules: tuple[PriorityRule, ...] | None = Field(
        default=None, description="Rules given inline (JSON); they replace the rules file"
    )
    priority_rules_file: Path | None = Field(
        default=None, description="YAML rules file; default: tickets/default_priority_rules.yaml"
    )
    category_groups: dict[str, str] = Field(
        default_factory=dict, description="Category → group that receives its new tickets"
    )
    default_group_id: str | None = None
    customer_token_secret: SecretStr | None = Field(
        default=None, description="Key of the portal's form tokens; required (no default)"
    )
    customer_token_max_age_s: int = 7 * 24 * 3600
    customer_portal_url: str = Field(
        default="http://127.0.0.1:8002/meus-chamados",
        description="The page a magic link opens; it trades the link's `code` for a token",
    )
    staff_desk_url: str = Field(
        default="http://127.0.0.1:8006/desk/sign-in/enter",
        description="The analysts' workspace page a staff sign-in link opens (with its `code`)",
    )
    intake_public_url: str = Field(
        default="http://127.0.0.1:8001",
        description="Where browsers reach intake: download links of e-mail and web form files",
    )
    chat_public_url: str = Field(
        default="http://127.0.0.1:8003",
        description="Where browsers reach chat: download links of files sent in chats",
    )
    max_message_bytes: int = Field(
        default=25 * MEGABYTE, gt=0, description="Per upload, as intake's web form (same variable)"
    )
    max_attachment_bytes: int = Field(
        default=25 * MEGABYTE, gt=0, description="Per file, as intake's web form (same variable)"
    )
    max_attachments: int = Field(
        default=50, ge=0, description="Files per comment, as intake's web form (same variable)"
    )
    portal_time_zone: str = Field(
        default="America/Sao_Paulo", description='Times on the "Meus chamados" pages are shown here'
    )
    magic_link_lifetime_s: float = Field(default=15 * 60, gt=0)
    magic_link_max_per_window: int = Field(default=3, ge=1, description="Links per address")
    magic_link_window_s: float = Field(default=3600, gt=0)

    @property
    def upload_limits(self) -> UploadLimits:
        return UploadLimits(
            max_total_bytes=self.max_message_bytes,
            max_attachment_bytes=self.max_attachment_bytes,
            max_attachments=self.max_attachments,
        )

    @property
    def reply_policy(self) -> ReplyPolicy:
        return ReplyPolicy(
            reopen_window=timedelta(days=self.reopen_window_days),
            reopen_resolved=self.resolved_reply == "reopen",
        )

    @property
    def closing_policy(self) -> ClosingPolicy:
        return ClosingPolicy(close_after=timedelta(days=self.close_after_days))

    @property
    def magic_link_policy(self) -> MagicLinkPolicy:
        return MagicLinkPolicy(
            lifetime=timedelta(seconds=self.magic_link_lifetime_s),
            max_per_window=self.magic_link_max_per_window,
            window=timedelta(seconds=self.magic_link_window_s),
        )

    @property
    def portal_zone(self) -> ZoneInfo:
        return ZoneInfo(self.portal_time_zone)

    @property
    def rules(self) -> PriorityRules:
        if self.priority_rules is not None:
            return PriorityRules(rules=self.priority_rules)
        return load_priority_rules(self.priority_rules_file)

    @property
    def csat_window(self) -> timedelta:
        return timedelta(days=self.csat_window_days)

    def group_for(self, category: str | None) -> str | None:
        """The group a new ticket of `category` goes to (the default group otherwise)."""
        if category and category in self.category_groups:
            return self.category_groups[category]
        return self.default_group_id


def tickets_settings(settings: ServiceSettings) -> TicketsSettings:
    """`settings` as TicketsSettings (tests and tools may hand over the base settings)."""
    if isinstance(settings, TicketsSettings):
        return settings
    return TicketsSettings(**settings.model_dump())

"""Settings of the chat service (environment variables with the HELPDESK_ prefix)."""

from __future__ import annotations

import uuid
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from chat.domain.assistant_profile import DEFAULT_ASSISTANT_NAME
from chat.domain.knowledge_article import BUNDLED_KNOWLEDGE_BASE
from helpdesk_runtime.settings import ServiceSettings

MEGABYTE = 1024 * 1024
ATTACHMENT_TYPES: dict[str, tuple[str, ...]] = {
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "application/pdf": (".pdf",),
    "text/plain": (".txt",),
    "text/csv": (".csv",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
}
"""What the knowledge base promises customers: images, PDF, text and office documents."""


class AgentIdentity(BaseModel):
    """A staff member on the agent WebSocket, as chat's copy of tickets' staff directory
    describes them (helpdesk_runtime.staff_directory)."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    groups: tuple[str, ...] = ()
    email: str | None = None


class ChatSettings(ServiceSettings):
    http_port: int = 8003
    assistant_name: str = DEFAULT_ASSISTANT_NAME
    knowledge_base_dir: Path = Field(
        default=BUNDLED_KNOWLEDGE_BASE, description="Folder with <language>/*.md articles"
    )
    calendar_file: Path | None = Field(
        default=None, description="The sla service's YAML configuration; None = its default"
    )
    calendar_name: str = Field(default="business", description="Calendar of that file to use")
    agent_credential_check_s: float = Field(
        default=5.0, gt=0, description="How often a connected agent's token is checked again"
    )
    attachment_max_bytes: int = Field(default=10 * MEGABYTE, ge=1)
    attachments_per_message: int = Field(default=5, ge=1)
    message_max_chars: int = Field(default=4000, ge=1)
    messages_per_conversation: int = Field(default=2000, ge=10)
    rating_wait_s: float = Field(
        default=300.0, description="After the end, how long the rating may take before filing"
    )
    ticket_part_wait_s: float = Field(
        default=30.0,
        gt=0,
        description="Once a chat has a ticket, how long its new messages wait to go there",
    )
    email_code_valid_s: float = Field(default=600.0, gt=0, description="A chat email code's life")
    email_code_tries: int = Field(default=5, ge=1, description="Wrong codes before it is spent")
    email_codes_per_conversation: int = Field(default=3, ge=1)
    agent_presence_ttl_s: float = Field(
        default=60.0, description="An agent counts as online this long after the last heartbeat"
    )
    sweep_interval_s: float = 2.0
    replica_id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12])

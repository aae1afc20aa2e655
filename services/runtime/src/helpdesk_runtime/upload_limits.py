"""How many files, and how large, one message or upload may carry: the same rules for intake's
mail and web form and for tickets' portal comments and agent uploads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LimitCode = Literal["message_too_large", "too_many_attachments", "attachment_too_large"]
MEGABYTE = 1024 * 1024


class LimitBreach(BaseModel):
    """Which limit was exceeded, by how much, in words fit for an SMTP reply or a log line."""

    model_config = ConfigDict(frozen=True)

    code: LimitCode
    limit: int
    actual: int
    reason: str


_MESSAGES: dict[LimitCode, tuple[str, str]] = {
    "message_too_large": (
        "O envio pode ter no máximo {megabytes} MB.",
        "A submission may have at most {megabytes} MB.",
    ),
    "too_many_attachments": ("Envie no máximo {limit} anexos.", "Attach at most {limit} files."),
    "attachment_too_large": (
        "Cada anexo pode ter no máximo {megabytes} MB.",
        "Each attachment may have at most {megabytes} MB.",
    ),
}


def breach_message(breach: LimitBreach, *, english: bool) -> str:
    """What the sender is told, in pt-BR or English."""
    template = _MESSAGES[breach.code][english]
    return template.format(limit=breach.limit, megabytes=breach.limit // MEGABYTE)


class UploadLimits(BaseModel):
    """Bytes per message, files per message and bytes per file (HELPDESK_MAX_MESSAGE_BYTES,
    HELPDESK_MAX_ATTACHMENTS, HELPDESK_MAX_ATTACHMENT_BYTES in every service that takes files)."""

    model_config = ConfigDict(frozen=True)

    max_total_bytes: int = Field(default=25 * MEGABYTE, gt=0)
    max_attachment_bytes: int = Field(default=25 * MEGABYTE, gt=0)
    max_attachments: int = Field(default=50, ge=0)

    def check_total_size(self, size: int) -> LimitBreach | None:
        """A breach when the whole message (or upload) is larger than allowed."""
        if size <= self.max_total_bytes:
            return None
        return LimitBreach(
            code="message_too_large",
            limit=self.max_total_bytes,
            actual=size,
            reason=f"message size {size} bytes exceeds the limit of {self.max_total_bytes} bytes",
        )

    def check_attachments(self, sizes: Sequence[int]) -> LimitBreach | None:
        """A breach when there are too many attachments or one of them is too large."""
        if len(sizes) > self.max_attachments:
            return LimitBreach(
                code="too_many_attachments",
                limit=self.max_attachments,
                actual=len(sizes),
                reason=f"{len(sizes)} attachments exceed the limit of {self.max_attachments}",
            )
        largest = max(sizes, default=0)
        if largest > self.max_attachment_bytes:
            return LimitBreach(
                code="attachment_too_large",
                limit=self.max_attachment_bytes,
                actual=largest,
                reason=(
                    f"an attachment of {largest} bytes exceeds the limit of "
                    f"{self.max_attachment_bytes} bytes"
                ),
            )
        return None

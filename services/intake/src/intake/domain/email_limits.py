"""Size and count limits on inbound mail and uploads, with a reason a sender can read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from intake.domain.email_models import InboundEmail

LimitCode = Literal["message_too_large", "too_many_attachments", "attachment_too_large"]
MEGABYTE = 1024 * 1024


class LimitBreach(BaseModel):
    """Which limit was exceeded, by how much, in words fit for an SMTP reply or a log line."""

    model_config = ConfigDict(frozen=True)

    code: LimitCode
    limit: int
    actual: int
    reason: str


class Limits(BaseModel):
    """How much intake accepts in one message or form submission."""

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

    def check_email(self, email: InboundEmail) -> LimitBreach | None:
        """The first limit a parsed email breaks: total size, then attachment count and size."""
        return self.check_total_size(email.size) or self.check_attachments(
            [attachment.size for attachment in email.attachments]
        )

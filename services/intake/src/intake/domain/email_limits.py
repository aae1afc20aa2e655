"""Size and count limits on inbound mail and uploads, with a reason a sender can read (the
rules are shared with tickets' uploads: helpdesk_runtime.upload_limits)."""

from __future__ import annotations

from helpdesk_runtime.upload_limits import MEGABYTE, LimitBreach, UploadLimits
from intake.domain.email_models import InboundEmail

__all__ = ["MEGABYTE", "LimitBreach", "Limits"]


class Limits(UploadLimits):
    """How much intake accepts in one message or form submission."""

    def check_email(self, email: InboundEmail) -> LimitBreach | None:
        """The first limit a parsed email breaks: total size, then attachment count and size."""
        return self.check_total_size(email.size) or self.check_attachments(
            [attachment.size for attachment in email.attachments]
        )

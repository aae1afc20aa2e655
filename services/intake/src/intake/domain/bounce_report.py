"""Reading a bounce (RFC 3464 delivery status notification or a mailer-daemon's plain text)."""

from __future__ import annotations

import re

from intake.domain.email_headers import raw_header
from intake.domain.email_models import BounceReport
from intake.domain.message_body import MessageBody
from intake.domain.threading_hints import message_ids

_FIELD = r"^\s*{name}\s*:\s*(.+?)\s*$"
_STATUS_CODE = re.compile(r"\b([245]\.\d{1,3}\.\d{1,3})\b")
_ADDRESS = re.compile(r"<?([^<>\s@;:\"]+@[^<>\s@;:\"]+\.[A-Za-z0-9-]+)>?")
# qmail and other non-RFC 3464 bounces list the failed address alone on a line: "<user@host>:"
_LISTED_RECIPIENT = re.compile(r"^<([^<>\s@]+@[^<>\s@]+)>:", re.MULTILINE)
_ACTIONS = {"failed", "delayed", "delivered", "relayed", "expanded"}


def _field(text: str, name: str) -> str | None:
    found = re.search(_FIELD.format(name=name), text, re.IGNORECASE | re.MULTILINE)
    return found[1] if found else None


def _address(value: str | None) -> str | None:
    if not value:
        return None
    found = _ADDRESS.search(value.split(";", 1)[-1])
    return found[1] if found else None


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def read_bounce(body: MessageBody, *, failed_recipients_header: str | None) -> BounceReport:
    """What a bounce says: original message, failed recipient, action, status code and reason."""
    report = "\n\n".join(body.delivery_reports)
    action = (_field(report, "Action") or "failed").lower().split()[0]
    action = action if action in _ACTIONS else "failed"
    status_field = _field(report, "Status")
    diagnostic = _field(report, "Diagnostic-Code")
    status_match = _STATUS_CODE.search(status_field or diagnostic or body.text)
    status = status_match[1] if status_match else None
    recipient = (
        _address(_field(report, "Final-Recipient"))
        or _address(_field(report, "Original-Recipient"))
        or _address(failed_recipients_header)
        or _address(_field(body.text, "Final-Recipient"))
        or next(iter(_LISTED_RECIPIENT.findall(body.text)), None)
    )
    original_ids = [raw_header(message, "Message-ID") for message in body.returned_messages]
    original_ids.append(_field(report, "Message-ID"))
    original_ids.append(_field(body.text, "Message-ID"))
    original = next((ids[0] for value in original_ids if (ids := message_ids(value))), None)
    reason = diagnostic.split(";", 1)[-1].strip() if diagnostic else _first_line(body.text)
    return BounceReport(
        original_message_id=original,
        failed_recipient=recipient,
        action=action,
        status=status,
        permanent=action == "failed" and (status is None or status.startswith("5")),
        reason=" ".join(reason.split())[:500],
    )

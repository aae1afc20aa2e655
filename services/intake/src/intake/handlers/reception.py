"""What every intake use case shares: the archive, the policy and the outcome of a message."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from prometheus_client import CollectorRegistry, Counter

from helpdesk_contracts.common import AttachmentRef
from intake.adapters.archive import InboundArchive, StoredFile
from intake.domain.email_limits import Limits
from intake.domain.service_catalogue import ServiceCatalogue

PRODUCER = "intake"
Outcome = Literal["accepted", "duplicate", "recorded", "dropped"]
"""accepted: stored with its event; duplicate: already stored; recorded: stored without an
event (auto-reply, unusable status); dropped: kept as a record only, acted on never (our own
mail coming back)."""


class InboundRefused(Exception):
    """Input that can never be accepted as it is; `code` tells the door which reply to give."""

    def __init__(
        self,
        code: Literal["too_large", "unparseable", "invalid_sender", "invalid"],
        reason: str,
    ) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = " ".join(reason.split())[:400]


@dataclass(frozen=True)
class Received:
    """What became of one inbound message."""

    inbound_id: str
    outcome: Outcome


@dataclass(frozen=True)
class IntakePolicy:
    """Which mailboxes are ours and how much one message may carry."""

    support_addresses: tuple[str, ...]
    own_addresses: tuple[str, ...]
    limits: Limits
    catalogue: ServiceCatalogue


class ReceptionCounter:
    """helpdesk_intake_received_total by channel and outcome, for /metrics."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self._counter = Counter(
            "helpdesk_intake_received",
            "Inbound messages by channel and outcome",
            ["channel", "outcome"],
            registry=registry,
        )

    def count(self, channel: str, outcome: str) -> None:
        self._counter.labels(channel=channel, outcome=outcome).inc()


@dataclass(frozen=True)
class Reception:
    """The dependencies of the use cases, passed to each door."""

    archive: InboundArchive
    policy: IntakePolicy
    counter: ReceptionCounter

    def received(self, channel: str, inbound_id: str, stored: bool) -> Received:
        outcome: Outcome = "accepted" if stored else "duplicate"
        self.counter.count(channel, outcome)
        return Received(inbound_id, outcome)


def attachment_refs(files: Sequence[StoredFile]) -> tuple[AttachmentRef, ...]:
    """How an event names the stored files (fetched by id, never inlined)."""
    return tuple(
        AttachmentRef(
            attachment_id=item.attachment_id,
            filename=item.filename,
            content_type=item.content_type,
            size=len(item.content),
            sha256=item.sha256,
            inline=item.inline,
            dangerous=item.dangerous,
        )
        for item in files
    )


def json_object(body: bytes) -> dict[str, Any]:
    """A request or delivery body as a JSON object; raises InboundRefused when it is not one."""
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InboundRefused("invalid", f"body is not JSON: {error}") from None
    if not isinstance(payload, dict):
        raise InboundRefused("invalid", "body is not a JSON object")
    return payload

"""Every event type by routing key, and parsing of a delivery into a typed envelope."""

from __future__ import annotations

import json
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from helpdesk_contracts.base import EventPayload
from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events import chat, customers, intake, notify, sla, staff, tickets

EVENT_MODELS: dict[str, type[EventPayload]] = {
    model.routing_key(): model
    for model in (
        intake.MessageReceived,
        intake.DeliveryStatus,
        tickets.TicketCreated,
        tickets.TicketUpdated,
        tickets.TicketStatusChanged,
        tickets.TicketCommentAdded,
        tickets.TicketAssigned,
        tickets.TicketPriorityChanged,
        tickets.TicketMerged,
        tickets.TicketCsatRequested,
        tickets.TicketCsatReceived,
        tickets.TicketInboundFailed,
        customers.CustomerMagicLinkRequested,
        customers.CustomerEmailCodeRequested,
        staff.StaffMemberUpdated,
        staff.StaffDirectoryRequested,
        staff.StaffSignInLinkRequested,
        sla.SlaClockUpdated,
        sla.SlaWarning,
        sla.SlaBreached,
        sla.SlaEscalated,
        chat.ChatSessionStarted,
        chat.ChatHandoffRequested,
        chat.ChatAgentJoined,
        chat.ChatSessionEnded,
        notify.NotifyDelivered,
        notify.NotifyFailed,
    )
}


class ContractViolation(ValueError):
    """A delivery that is not a valid event; `reason` says why, for the log and the DLQ header."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def envelope_model(routing_key: str) -> type[Envelope[Any]]:
    """The envelope class for a routing key; unknown keys are a contract violation."""
    try:
        return _ENVELOPES[routing_key]
    except KeyError:
        raise ContractViolation(f"unknown event type {routing_key!r}") from None


_ENVELOPES: dict[str, type[Envelope[Any]]] = {
    key: cast(Any, Envelope)[payload] for key, payload in EVENT_MODELS.items()
}
"""Built once: `Envelope[payload]` looks the class up in pydantic's cache on every call."""


def parse_event(routing_key: str, body: bytes) -> Envelope[Any]:
    """Validate a delivery against the contract its routing key names. The body is parsed once
    when it is valid; only a body that fails is read again for its type and version, so that an
    event routed as another is refused for that first."""
    model = envelope_model(routing_key)
    try:
        envelope = model.model_validate_json(body)
    except ValidationError as error:
        _refuse_if_routed_as_another(routing_key, body)
        raise ContractViolation(_describe(error)) from None
    _refuse_if_routed_as_another(routing_key, envelope)
    return envelope


def _refuse_if_routed_as_another(routing_key: str, event: bytes | Envelope[Any]) -> None:
    try:
        head = event if isinstance(event, Envelope) else _EnvelopeHead.model_validate_json(event)
    except ValidationError as error:
        raise ContractViolation(_describe(error)) from None
    if f"{head.type}.v{head.version}" != routing_key:
        raise ContractViolation(
            f"envelope says {head.type}.v{head.version} but was routed as {routing_key!r}"
        )


class _EnvelopeHead(BaseModel):
    """Just enough of an envelope to check that it was routed as what it says it is."""

    type: str
    version: int


def _describe(error: ValidationError) -> str:
    problems = [
        {"field": ".".join(str(part) for part in item["loc"]), "error": item["msg"]}
        for item in error.errors(include_url=False, include_input=False)
    ]
    return json.dumps(problems, ensure_ascii=False)

"""Approved WhatsApp templates: which one each kind uses and the body parameters it receives.

Templates are created in WhatsApp Manager; their names come from configuration. Every body
takes the protocol as ``{{1}}`` followed by the kind's parameters, in this order:

- ticket_created: response hours · agent_reply: agent name, reply excerpt
- status_changed: status name · reply_requested: agent name · ticket_resolved: rating link
- ticket_merged: new protocol · pending_reminder: business days waiting
- ticket_assigned: priority, requester name · customer_replied: requester name, message excerpt
- sla_warning / sla_breached: priority, deadline kind, deadline
- sla_escalated: priority, deadline kind, deadline, escalation level

The approved texts must contain the security reminder themselves: parameters are only values.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from helpdesk_runtime.header_text import header_text
from notify.domain.kinds import NotificationKind
from notify.domain.labels import customer_status_name, escalation_level_name, sla_target_name
from notify.domain.languages import Language, format_local_datetime
from notify.domain.notifications import NotificationRequest

REPLY_EXCERPT_LIMIT = 200
"""Template parameters are short values; a long agent reply is cut and the customer reads on."""

_DEFAULT_LANGUAGE_CODES: Mapping[Language, str] = {Language.PT_BR: "pt_BR", Language.EN: "en"}

_SLA = ("priority", "target", "due_at")
_ORDER: Mapping[NotificationKind, tuple[str, ...]] = {
    NotificationKind.TICKET_CREATED: ("response_hours",),
    NotificationKind.AGENT_REPLY: ("agent_name", "reply_text"),
    NotificationKind.STATUS_CHANGED: ("status",),
    NotificationKind.REPLY_REQUESTED: ("agent_name",),
    NotificationKind.TICKET_RESOLVED: ("csat_url",),
    NotificationKind.TICKET_MERGED: ("target_ticket_number",),
    NotificationKind.PENDING_REMINDER: ("business_days",),
    NotificationKind.TICKET_ASSIGNED: ("priority", "requester_name"),
    NotificationKind.CUSTOMER_REPLIED: ("requester_name", "reply_text"),
    NotificationKind.SLA_WARNING: _SLA,
    NotificationKind.SLA_BREACHED: _SLA,
    NotificationKind.SLA_ESCALATED: (*_SLA, "level"),
    NotificationKind.MAGIC_LINK: ("sign_in_url", "valid_minutes"),
    NotificationKind.EMAIL_CODE: ("code", "valid_minutes"),
    NotificationKind.STAFF_SIGN_IN_LINK: ("sign_in_url", "valid_minutes"),
}


DEFAULT_TEMPLATE_PREFIX = "helpdesk_"


def default_template_names() -> dict[str, str]:
    """``helpdesk_<kind>`` for every kind that can go by WhatsApp (a sign-in link goes by email
    only), each approved in pt_BR and en: the texts to submit are in this service's README."""
    return {
        kind.value: f"{DEFAULT_TEMPLATE_PREFIX}{kind.value}"
        for kind in NotificationKind
        if not kind.answers_request
    }


class WhatsAppTemplateMissing(LookupError):
    """No approved template is configured for a kind, so it cannot go out of the window."""


@dataclass(frozen=True)
class WhatsAppTemplates:
    """Configuration: template name per kind and Meta's language code per language."""

    names: Mapping[NotificationKind, str]
    language_codes: Mapping[Language, str] = field(default_factory=lambda: _DEFAULT_LANGUAGE_CODES)

    def name_for(self, kind: NotificationKind) -> str:
        """The approved template's name, or WhatsAppTemplateMissing."""
        name = self.names.get(kind)
        if not name:
            raise WhatsAppTemplateMissing(f"no WhatsApp template configured for {kind.value}")
        return name

    def language_code(self, language: Language) -> str:
        """Meta's code for the language the template was approved in (``pt_BR``, ``en``)."""
        return self.language_codes[language]


def parameter_text(value: str, limit: int | None = None) -> str:
    """A value as Meta accepts it in a template: no line breaks, tabs or runs of spaces."""
    return header_text(value, limit=limit)


def template_parameters(request: NotificationRequest, language: Language) -> tuple[str, ...]:
    """The body parameters, in template order, formatted for the recipient's language."""
    shown: Mapping[str, Callable[[Any], str]] = {
        "status": lambda v: customer_status_name(v, language),
        "target": lambda v: sla_target_name(v, language),
        "level": lambda v: escalation_level_name(v, language),
        "reply_text": lambda v: parameter_text(v, REPLY_EXCERPT_LIMIT),
    }
    values: list[str] = [request.ticket_number or ""]
    for name in _ORDER[request.kind]:
        value = request.parameters[name]
        if isinstance(value, datetime):
            values.append(format_local_datetime(value, request.time_zone, language))
        else:
            values.append(parameter_text(shown.get(name, str)(value)))
    return tuple(values)

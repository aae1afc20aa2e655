"""The parameters each kind of notification needs, checked before anything is rendered."""

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import StrEnum

from notify.domain.kinds import NotificationKind
from notify.domain.labels import EscalationLevel, SlaTarget, TicketStatus

ParameterValue = str | int | datetime

PROTOCOL_PATTERN = r"^[A-Za-z0-9-]{1,32}$"
LINK_PATTERN = r"https?://[^\s<>\"']+"


class ParameterType(StrEnum):
    """How a template parameter is checked."""

    TEXT = "text"
    COUNT = "count"
    MOMENT = "moment"
    LINK = "link"
    PROTOCOL = "protocol"
    OPTIONAL_PROTOCOL = "optional_protocol"  # a protocol number, or "" when there is none
    OPTIONAL_LINK = "optional_link"  # a link, or "" when there is none
    OPTIONAL_TEXT = "optional_text"  # any text, "" when there is none
    PRIORITY = "priority"
    STATUS = "status"
    LEVEL = "level"
    TARGET = "target"


_SLA: Mapping[str, ParameterType] = {
    "target": ParameterType.TARGET,
    "due_at": ParameterType.MOMENT,
    "priority": ParameterType.PRIORITY,
}

PARAMETERS: Mapping[NotificationKind, Mapping[str, ParameterType]] = {
    NotificationKind.TICKET_CREATED: {
        "response_hours": ParameterType.COUNT,
        "linked_ticket_number": ParameterType.OPTIONAL_PROTOCOL,
    },
    NotificationKind.AGENT_REPLY: {
        "agent_name": ParameterType.TEXT,
        "reply_text": ParameterType.TEXT,
        "status": ParameterType.STATUS,
        "csat_url": ParameterType.OPTIONAL_LINK,
        # the reply's files, one name a line; the e-mail links to the portal that opens them
        "file_names": ParameterType.OPTIONAL_TEXT,
    },
    NotificationKind.CUSTOMER_REPLIED: {
        "requester_name": ParameterType.TEXT,
        "reply_text": ParameterType.TEXT,
    },
    NotificationKind.STATUS_CHANGED: {"status": ParameterType.STATUS},
    NotificationKind.REPLY_REQUESTED: {"agent_name": ParameterType.TEXT},
    NotificationKind.TICKET_RESOLVED: {"csat_url": ParameterType.LINK},
    NotificationKind.TICKET_MERGED: {"target_ticket_number": ParameterType.PROTOCOL},
    NotificationKind.PENDING_REMINDER: {"business_days": ParameterType.COUNT},
    NotificationKind.TICKET_ASSIGNED: {
        "priority": ParameterType.PRIORITY,
        "requester_name": ParameterType.TEXT,
    },
    NotificationKind.SLA_WARNING: _SLA,
    NotificationKind.SLA_BREACHED: _SLA,
    NotificationKind.SLA_ESCALATED: {**_SLA, "level": ParameterType.LEVEL},
    NotificationKind.MAGIC_LINK: {
        "sign_in_url": ParameterType.LINK,
        "valid_minutes": ParameterType.COUNT,
    },
    NotificationKind.EMAIL_CODE: {"code": ParameterType.TEXT, "valid_minutes": ParameterType.COUNT},
    NotificationKind.STAFF_SIGN_IN_LINK: {
        "sign_in_url": ParameterType.LINK,
        "valid_minutes": ParameterType.COUNT,
    },
}
"""The parameters each kind requires, no more and no less."""

_TEXT_CHECKS: Mapping[ParameterType, Callable[[str], bool]] = {
    ParameterType.TEXT: lambda v: bool(v.strip()),
    ParameterType.OPTIONAL_TEXT: lambda v: True,
    ParameterType.LINK: lambda v: re.fullmatch(LINK_PATTERN, v) is not None,
    ParameterType.PROTOCOL: lambda v: re.fullmatch(PROTOCOL_PATTERN, v) is not None,
    ParameterType.OPTIONAL_LINK: lambda v: not v or re.fullmatch(LINK_PATTERN, v) is not None,
    ParameterType.OPTIONAL_PROTOCOL: lambda v: (
        not v or re.fullmatch(PROTOCOL_PATTERN, v) is not None
    ),
    ParameterType.PRIORITY: lambda v: re.fullmatch(r"P[0-3]", v) is not None,
    ParameterType.STATUS: lambda v: v in TicketStatus.__members__.values(),
    ParameterType.LEVEL: lambda v: v in EscalationLevel.__members__.values(),
    ParameterType.TARGET: lambda v: v in SlaTarget.__members__.values(),
}


def _checked(parameter_type: ParameterType, value: object) -> ParameterValue:
    if parameter_type is ParameterType.COUNT:
        count = int(value) if isinstance(value, str) and value.isdigit() else value
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise ValueError("must be a positive whole number")
        return count
    if parameter_type is ParameterType.MOMENT:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        if not isinstance(moment, datetime) or moment.tzinfo is None:
            raise ValueError("must be a timezone-aware datetime")
        return moment
    if not isinstance(value, str) or not _TEXT_CHECKS[parameter_type](value):
        raise ValueError(f"is not a valid {parameter_type.value}: {value!r}")
    return value


def checked_parameters(
    kind: NotificationKind, values: Mapping[str, object]
) -> dict[str, ParameterValue]:
    """The parameters normalized (ISO strings → datetimes, digit strings → ints) or ValueError."""
    expected = PARAMETERS[kind]
    missing = sorted(set(expected) - set(values))
    unknown = sorted(set(values) - set(expected))
    if missing or unknown:
        raise ValueError(f"{kind.value}: missing parameters {missing}, unknown {unknown}")
    checked: dict[str, ParameterValue] = {}
    for name, parameter_type in expected.items():
        try:
            checked[name] = _checked(parameter_type, values[name])
        except ValueError as error:
            raise ValueError(f"{kind.value}: parameter {name!r} {error}") from error
    return checked

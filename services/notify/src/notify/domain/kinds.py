"""Who is told what: every kind of notification and whether it goes to the requester or staff."""

from enum import StrEnum

from notify.domain.labels import TicketStatus


class Audience(StrEnum):
    """Whether a kind of notification goes to the requester or to staff."""

    REQUESTER = "requester"
    STAFF = "staff"


class NotificationKind(StrEnum):
    """Every message notify can send; the value names the template file."""

    TICKET_CREATED = "ticket_created"
    AGENT_REPLY = "agent_reply"
    STATUS_CHANGED = "status_changed"
    REPLY_REQUESTED = "reply_requested"
    TICKET_RESOLVED = "ticket_resolved"
    TICKET_MERGED = "ticket_merged"
    PENDING_REMINDER = "pending_reminder"
    TICKET_ASSIGNED = "ticket_assigned"
    CUSTOMER_REPLIED = "customer_replied"
    SLA_WARNING = "sla_warning"
    SLA_BREACHED = "sla_breached"
    SLA_ESCALATED = "sla_escalated"
    MAGIC_LINK = "magic_link"
    EMAIL_CODE = "email_code"
    STAFF_SIGN_IN_LINK = "staff_sign_in_link"

    @property
    def audience(self) -> Audience:
        """Requester kinds go to the customer; the others to the staff named by the event."""
        return Audience.STAFF if self in _STAFF_KINDS else Audience.REQUESTER

    @property
    def answers_request(self) -> bool:
        """True when the recipient asked for this message a moment ago (a sign-in link, a chat's
        one-time code): it goes by email to the address they gave, whatever their channel
        preferences and opt-outs."""
        return self in _REQUESTED_KINDS

    @property
    def carries_agent_reply(self) -> bool:
        """True when the message relays words a person wrote, not an automatic notice."""
        return self is NotificationKind.AGENT_REPLY


_STAFF_KINDS = frozenset(
    {
        NotificationKind.TICKET_ASSIGNED,
        NotificationKind.CUSTOMER_REPLIED,
        NotificationKind.SLA_WARNING,
        NotificationKind.SLA_BREACHED,
        NotificationKind.SLA_ESCALATED,
        NotificationKind.STAFF_SIGN_IN_LINK,
    }
)
_REQUESTED_KINDS = frozenset(
    {NotificationKind.MAGIC_LINK, NotificationKind.EMAIL_CODE, NotificationKind.STAFF_SIGN_IN_LINK}
)


def kind_for_status_change(new_status: TicketStatus | str) -> NotificationKind:
    """The one requester message a status change causes (pending asks, resolved asks for CSAT)."""
    status = TicketStatus(new_status)
    if status is TicketStatus.PENDING:
        return NotificationKind.REPLY_REQUESTED
    if status is TicketStatus.RESOLVED:
        return NotificationKind.TICKET_RESOLVED
    return NotificationKind.STATUS_CHANGED

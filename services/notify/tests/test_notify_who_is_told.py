"""Who is told what: ticket and sla events as notification requests (no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from helpdesk_contracts.common import Actor, AttachmentRef, Requester, StaffMember, TicketSnapshot
from helpdesk_contracts.events import sla, tickets
from notify.adapters.ticket_memory import TicketFacts
from notify.domain.kinds import NotificationKind
from notify.notices import Wording, sla_notices
from notify.ticket_notices import ticket_notices

WORDING = Wording(
    first_response_hours={"P1": 4},
    csat_url_template="https://suporte.acme.com.br/csat/{ticket_number}?t={reply_token}",
    time_zone="America/Sao_Paulo",
    team_name="Equipe Acme",
)
NOW = datetime(2024, 11, 21, 15, 0, tzinfo=UTC)
AGENT = StaffMember(id="a1", name="Bruno Lima", email="bruno@acme.com.br")


def ticket(**changes: object) -> TicketSnapshot:
    values: dict[str, object] = {
        "number": 2024000123,
        "subject": "Impressora não liga",
        "status": "open",
        "priority": "P1",
        "channel": "email",
        "requester": Requester(contact_id="c1", name="Ana", email="ana@example.com", language="en"),
        "reply_token": "tok",
        "created_at": NOW,
        "updated_at": NOW,
        "version": 2,
    }
    return TicketSnapshot.model_validate(values | changes)


def comment(*, public: bool, kind: str = "agent") -> tickets.Comment:
    author = Actor.model_validate({"kind": kind, "id": "a1", "name": "Bruno Lima"})
    return tickets.Comment(
        comment_id="m1", author=author, public=public, text="Tente reiniciar.", created_at=NOW
    )


def test_ticket_creation_tells_the_requester_the_expected_response_time() -> None:
    [notice] = ticket_notices(uuid4(), tickets.TicketCreated(ticket=ticket()), WORDING)
    assert notice.request.kind is NotificationKind.TICKET_CREATED
    assert notice.request.parameters == {"response_hours": 4, "linked_ticket_number": ""}
    assert notice.request.recipients[0].contact_id == "c1"
    assert notice.request.language == "en"
    assert notice.reply_token == "tok"


def test_internal_notes_go_to_nobody_and_a_customers_message_not_back_to_the_customer() -> None:
    for relayed in (comment(public=False), comment(public=True, kind="customer")):
        event = tickets.TicketCommentAdded(ticket=ticket(), comment=relayed)
        assert ticket_notices(uuid4(), event, WORDING) == []  # no assignee to tell either


def test_a_customers_message_tells_the_agent_the_ticket_is_assigned_to() -> None:
    event = tickets.TicketCommentAdded(
        ticket=ticket(assignee=AGENT), comment=comment(public=True, kind="customer")
    )
    [notice] = ticket_notices(uuid4(), event, WORDING)
    assert notice.request.kind is NotificationKind.CUSTOMER_REPLIED
    assert notice.request.recipients[0].email == "bruno@acme.com.br"
    assert notice.request.parameters == {"requester_name": "Ana", "reply_text": "Tente reiniciar."}


def test_the_message_that_opens_an_assigned_ticket_is_told_once_by_the_assignment() -> None:
    """Round-robin assigns a new ticket in the change that opens it: the agent gets the
    assignment notice, not a second e-mail about the customer's first message."""
    opened = ticket(assignee=AGENT, version=1, status="new")
    first = tickets.TicketCommentAdded(ticket=opened, comment=comment(public=True, kind="customer"))
    assigned = tickets.TicketAssigned(
        ticket=opened, actor=Actor(kind="system"), from_assignee=None, to_assignee=AGENT
    )
    notices = [n for e in (first, assigned) for n in ticket_notices(uuid4(), e, WORDING)]
    assert [n.request.kind for n in notices] == [NotificationKind.TICKET_ASSIGNED]


def test_a_reply_that_asks_the_customer_sends_one_message_naming_the_new_status() -> None:
    after = ticket(status="pending")
    reply = tickets.TicketCommentAdded(ticket=after, comment=comment(public=True))
    moved = tickets.TicketStatusChanged(
        ticket=after, from_status="open", to_status="pending", with_reply=True
    )
    [notice] = ticket_notices(uuid4(), reply, WORDING)
    assert notice.request.kind is NotificationKind.AGENT_REPLY
    assert notice.request.parameters["status"] == "pending"
    assert ticket_notices(uuid4(), moved, WORDING) == []


def test_a_reply_that_resolves_carries_the_satisfaction_survey_link() -> None:
    reply = tickets.TicketCommentAdded(
        ticket=ticket(status="resolved"), comment=comment(public=True)
    )
    [notice] = ticket_notices(uuid4(), reply, WORDING)
    assert notice.request.parameters["csat_url"] == (
        "https://suporte.acme.com.br/csat/2024000123?t=tok"
    )


def test_the_customer_is_not_told_of_the_reopening_their_own_message_caused() -> None:
    customer = Actor.model_validate({"kind": "customer", "id": "c1"})
    reopened = tickets.TicketStatusChanged(
        ticket=ticket(), from_status="pending", to_status="open", actor=customer
    )
    assert ticket_notices(uuid4(), reopened, WORDING) == []


def test_resolution_carries_the_satisfaction_survey_link() -> None:
    event = tickets.TicketStatusChanged(
        ticket=ticket(status="resolved"), from_status="open", to_status="resolved"
    )
    [notice] = ticket_notices(uuid4(), event, WORDING)
    assert notice.request.kind is NotificationKind.TICKET_RESOLVED
    assert notice.request.parameters["csat_url"] == (
        "https://suporte.acme.com.br/csat/2024000123?t=tok"
    )


def test_statuses_customers_do_not_see_are_not_announced() -> None:
    event = tickets.TicketStatusChanged(
        ticket=ticket(status="on_hold"), from_status="open", to_status="on_hold"
    )
    assert ticket_notices(uuid4(), event, WORDING) == []


def test_an_agent_taking_a_ticket_is_not_told_about_it() -> None:
    taken = tickets.TicketAssigned(
        ticket=ticket(assignee=AGENT), to_assignee=AGENT, actor=Actor(kind="agent", id="a1")
    )
    given = tickets.TicketAssigned(
        ticket=ticket(assignee=AGENT), to_assignee=AGENT, actor=Actor(kind="agent", id="lead")
    )
    assert ticket_notices(uuid4(), taken, WORDING) == []
    [notice] = ticket_notices(uuid4(), given, WORDING)
    assert notice.request.recipients[0].contact_id == "staff:a1"
    assert notice.reply_token is None


def test_an_escalation_uses_the_deadline_remembered_from_earlier_sla_events() -> None:
    due = NOW - timedelta(hours=1)
    event = sla.SlaEscalated(
        ticket_number=2024000123,
        priority="P1",
        calendar="default",
        target="resolution",
        level="coordinator",
        notify_roles=("coordinator",),
        notify=(AGENT,),
    )
    facts = TicketFacts(subject="Impressora não liga", deadlines={"resolution": due})
    [notice] = sla_notices(uuid4(), event, facts, NOW, WORDING)
    assert notice.request.kind is NotificationKind.SLA_ESCALATED
    assert notice.request.parameters["due_at"] == due
    assert notice.request.ticket_subject == "Impressora não liga"


def test_an_agent_reply_with_files_names_them_for_the_customer() -> None:
    reply = comment(public=True).model_copy(
        update={
            "attachments": (
                AttachmentRef(
                    attachment_id="f1",
                    filename="boleto\r\nBcc: x.pdf",
                    content_type="application/pdf",
                    size=3,
                    sha256="0" * 64,
                ),
            )
        }
    )
    event = tickets.TicketCommentAdded(ticket=ticket(), comment=reply)
    [notice] = ticket_notices(uuid4(), event, WORDING)
    assert notice.request.parameters["file_names"] == "boleto Bcc: x.pdf"

"""An agent's reply inside a live chat is the first response of the ticket its transcript joins."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from tickets.domain.conversation import add_customer_comment
from tickets.domain.events import CommentAdded, TicketCreated, TicketUpdated
from tickets.domain.first_response import ChannelReply
from tickets.domain.model import Actor, AuthorKind, Channel, Ticket
from tickets.domain.opening import InboundMessage, open_ticket

TicketFactory = Callable[..., Ticket]
MessageFactory = Callable[..., InboundMessage]
CARLA = Actor(kind=AuthorKind.AGENT, id="carla")


def _transcript(message: MessageFactory, t0: datetime, replied_at: datetime) -> InboundMessage:
    return message(
        channel=Channel.CHAT,
        text="[12:00] Ana: meu boleto não chegou\n[12:02] Carla: vou reenviar agora",
        received_at=t0 + timedelta(minutes=10),
        source_event_id="chat:s1",
        agent_reply=ChannelReply(author=CARLA, at=replied_at),
    )


def test_a_transcript_with_an_agent_reply_opens_a_ticket_answered_when_the_agent_wrote(
    message: MessageFactory, t0: datetime
) -> None:
    replied_at = t0 + timedelta(minutes=2)
    now = t0 + timedelta(minutes=11)

    outcome = open_ticket(_transcript(message, t0, replied_at), number=100000, now=now)

    assert outcome.ticket.first_response_at == replied_at
    assert [type(e) for e in outcome.events] == [TicketCreated, CommentAdded, TicketUpdated]
    answered = outcome.events[-1]
    assert isinstance(answered, TicketUpdated)
    assert answered.actor == CARLA
    assert [(c.field, c.new) for c in answered.changes] == [
        ("first_response_at", replied_at.isoformat())
    ]
    assert [entry.field for entry in outcome.ticket.history] == ["first_response_at"]


def test_a_chat_reply_does_not_replace_an_earlier_first_response(
    ticket: TicketFactory, message: MessageFactory, t0: datetime
) -> None:
    earlier = t0 + timedelta(minutes=1)
    answered = ticket(first_response_at=earlier)

    outcome = add_customer_comment(
        answered, _transcript(message, t0, t0 + timedelta(minutes=2)), now=t0 + timedelta(hours=1)
    )

    assert outcome.ticket.first_response_at == earlier
    assert [type(e) for e in outcome.events] == [CommentAdded]


def test_a_transcript_applied_again_changes_nothing(
    ticket: TicketFactory, message: MessageFactory, t0: datetime
) -> None:
    transcript = _transcript(message, t0, t0 + timedelta(minutes=2))
    once = add_customer_comment(ticket(), transcript, now=t0 + timedelta(hours=1)).ticket

    again = add_customer_comment(once, transcript, now=t0 + timedelta(hours=2))

    assert again.events == ()
    assert again.ticket == once

"""Where a conversation's record lands: ticket numbers from ticket.created, late transcripts.

Correlation: intake turns chat.session_ended into a chat message and tickets opens a ticket
whose requester is the chat's customer. A ticket.created with channel "chat" is matched to the
oldest conversation of that requester's email still waiting for a ticket number (a session id
inside the event's inbound_id wins when present). Status look-ups use the same events.
"""

from __future__ import annotations

from typing import Any

import structlog

from chat.actions import file_transcript, run_turn
from chat.conversation_record import FilingKind
from chat.domain.action_results import TicketOpened, TranscriptFiled
from chat.domain.assistant import handle_result
from chat.domain.conversation import FINISHED, Stage
from chat.domain.ending_flow import skip_rating
from chat.service import ChatService
from chat.steps import Step
from chat.transcript_parts import send_unfiled
from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events.tickets import TicketCreated, TicketStatusChanged

log = structlog.get_logger(__name__)


async def on_ticket_created(service: ChatService, envelope: Envelope[Any]) -> None:
    event: TicketCreated = envelope.payload
    await service.context.tickets.record(event.ticket)
    email = (event.ticket.requester.email or "").casefold()
    if event.ticket.channel != "chat" or not email:
        return
    waiting = await service.context.store.awaiting_ticket(email)
    if not waiting:
        return
    inbound = event.inbound_id or ""
    chosen = next((record for record in waiting if record.id in inbound), waiting[0])
    number = str(event.ticket.number)

    async def build(step: Step) -> bool:
        record = step.record
        if record.filing_at is None:
            return False
        conversation = record.conversation
        opening = record.filing_kind is FilingKind.OPEN_TICKET
        if opening and conversation.stage is Stage.OPENING_TICKET:
            result: TicketOpened | TranscriptFiled = TicketOpened(number=number)
        else:
            result = TranscriptFiled(number=number)
        step.update(filing_kind=None, filing_at=None, ticket_number=record.ticket_number or number)
        if conversation.stage is Stage.ENDED and record.transcript_due_at is None:
            await send_unfiled(service.context, step)  # it ended while the ticket was opened
        profile = service.context.profile
        await run_turn(service.context, step, handle_result(profile, conversation, result))
        return True

    await service.change(chosen.id, build)
    log.info("chat filed on a ticket", session=chosen.id, ticket=number)


async def on_ticket_status_changed(service: ChatService, envelope: Envelope[Any]) -> None:
    event: TicketStatusChanged = envelope.payload
    await service.context.tickets.record(event.ticket)


async def file_due_transcripts(service: ChatService) -> int:
    """Conversations whose customer did not rate in time are filed without a rating; live ones
    with a ticket send what was added since their last part."""
    due = await service.context.store.transcripts_due(service.context.clock())

    async def build(step: Step) -> bool:
        if step.record.transcript_due_at is None or step.record.transcript_due_at > step.now:
            return False
        if step.record.conversation.stage not in FINISHED:
            step.update(transcript_due_at=None)
            await send_unfiled(service.context, step)
            return True
        if step.record.conversation.stage is Stage.ASKING_RATING:
            await run_turn(service.context, step, skip_rating(step.record.conversation))
        await file_transcript(service.context, step)
        return True

    for record in due:
        await service.change(record.id, build)
    return len(due)

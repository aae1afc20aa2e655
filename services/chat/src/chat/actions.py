"""Carrying out what the assistant asks for, and feeding the outcome back to it."""

from __future__ import annotations

from datetime import timedelta

import structlog

from chat import chat_events
from chat.conversation_record import FilingKind, Routing
from chat.domain.action_results import (
    ActionResult,
    HandoffQueued,
    NoAgentOnline,
    SupportClosed,
    TicketOpened,
    TranscriptFiled,
)
from chat.domain.assistant import handle_result
from chat.domain.assistant_actions import (
    AssistantAction,
    CheckEmailCode,
    EndChat,
    LeaveQueue,
    LookUpTicket,
    OpenTicket,
    RequestHandoff,
    SendEmailCode,
)
from chat.domain.assistant_turn import Turn
from chat.domain.conversation import IDENTIFYING, Stage
from chat.email_codes import check_email_code, send_email_code
from chat.steps import ChatContext, Step, take_turn
from chat.transcript_parts import schedule_ticket_part, send_unfiled

log = structlog.get_logger(__name__)


async def run_turn(context: ChatContext, step: Step, turn: Turn) -> None:
    """Keep the turn, carry out its actions in order and run the assistant on each result."""
    take_turn(context, step, turn)
    for action in turn.actions:
        result = await perform(context, step, action)
        if result is not None:
            follow_up = handle_result(context.profile, step.record.conversation, result)
            await run_turn(context, step, follow_up)


async def perform(context: ChatContext, step: Step, action: AssistantAction) -> ActionResult | None:
    """Do one action; results that come later (a ticket number) are fed in by their consumer."""
    record, now = step.record, step.now
    if isinstance(action, LookUpTicket):
        return await context.tickets.find(action.number)
    if isinstance(action, SendEmailCode):
        return send_email_code(context, step, action)
    if isinstance(action, CheckEmailCode):
        return check_email_code(step, action)
    if isinstance(action, RequestHandoff):
        return await _request_handoff(context, step)
    if isinstance(action, LeaveQueue):
        if record.routing is Routing.QUEUED:
            step.queue_changed(record.group)
        step.update(routing=Routing.BOT, requested_at=None)
        return None
    if isinstance(action, OpenTicket):
        if record.ticket_number:  # this chat has its ticket: the description goes there
            await send_unfiled(context, step)
            return TicketOpened(number=record.ticket_number)
        step.update(filing_kind=FilingKind.OPEN_TICKET, filing_at=now)
        await send_unfiled(context, step)
        return None
    if isinstance(action, EndChat):
        if record.routing is Routing.QUEUED:
            step.queue_changed(record.group)
        if record.routing is Routing.WITH_AGENT and record.agent is not None:
            step.released_agent = record.agent.id
        due = now + timedelta(seconds=context.settings.rating_wait_s)
        step.update(routing=Routing.ENDED, ended_at=now, transcript_due_at=due)
        return None
    return None  # RecordRating: the rating is in the conversation; `settle` files it


async def _request_handoff(context: ChatContext, step: Step) -> ActionResult:
    now, calendar = step.now, context.calendar
    if not calendar.is_open(now):
        step.events.append(
            chat_events.handoff_requested(step.record, inside_hours=False, position=None)
        )
        return SupportClosed(next_opening=calendar.next_opening(now), checked_at=now)
    if not await context.roster.anyone_online(step.record.group, now):
        step.events.append(
            chat_events.handoff_requested(step.record, inside_hours=True, position=None)
        )
        return NoAgentOnline()
    step.update(routing=Routing.QUEUED, requested_at=step.record.requested_at or now)
    position = await context.store.position(step.record)
    step.queue_changed(step.record.group)
    step.events.append(
        chat_events.handoff_requested(step.record, inside_hours=True, position=position)
    )
    return HandoffQueued(position=position)


async def settle(context: ChatContext, step: Step) -> None:
    """Events that follow from where the conversation now stands."""
    conversation = step.record.conversation
    known = conversation.customer_email and conversation.stage not in IDENTIFYING
    if not step.record.announced and known:
        step.events.append(chat_events.session_started(step.record))
        step.update(announced=True)
    if step.record.transcript_due_at is not None and conversation.stage is Stage.ENDED:
        await file_transcript(context, step)
    schedule_ticket_part(context, step)


async def file_transcript(context: ChatContext, step: Step) -> None:
    """The conversation ended: send intake what is not on a ticket yet (chat.session_ended)."""
    record = step.record
    step.update(transcript_due_at=None)
    if not record.conversation.customer_email:
        log.info("conversation ended before the customer was identified", session=record.id)
        return
    if record.filing_at is not None and not record.ticket_number:
        return  # its ticket is being opened: the rest follows its number (filing.py)
    sent = await send_unfiled(context, step)
    if record.ticket_number:
        # intake is told which ticket the chat belongs to, so the record goes there
        filed = TranscriptFiled(number=record.ticket_number)
        await run_turn(context, step, handle_result(context.profile, record.conversation, filed))
    elif sent:
        step.update(filing_kind=FilingKind.TRANSCRIPT, filing_at=step.now)

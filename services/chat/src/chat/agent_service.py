"""Use cases of the agent's side: accept from the queue, reply, transfer, end."""

from __future__ import annotations

from chat import chat_events
from chat.actions import run_turn
from chat.conversation_record import AssignedAgent, ConversationRecord, Routing
from chat.domain.action_results import AgentEnded, AgentJoined
from chat.domain.assistant import handle_result
from chat.domain.storable_text import storable
from chat.domain.transcript import AuthorKind
from chat.domain.transfer_flow import transfer_to_agent, transfer_to_group
from chat.service import ChatService, StepRefused, placed_seq
from chat.settings import AgentIdentity
from chat.steps import Build, Step
from helpdesk_contracts.common import AttachmentRef


class AgentActionRefused(StepRefused):
    """What the agent asked cannot be done now; `code` tells the client why."""


def assigned(agent: AgentIdentity) -> AssignedAgent:
    return AssignedAgent(id=agent.id, name=agent.name, email=agent.email)


def may_serve(agent: AgentIdentity, group: str | None) -> bool:
    """The general queue is everyone's; a group's queue is its members'."""
    return group is None or group in agent.groups


def _own(step: Step, agent: AgentIdentity) -> ConversationRecord:
    record = step.record
    if record.routing is not Routing.WITH_AGENT or record.agent is None:
        raise AgentActionRefused("not_active", "the conversation is not with an agent")
    if record.agent.id != agent.id:
        raise AgentActionRefused("not_yours", "another agent has this conversation")
    return record


async def accept(service: ChatService, agent: AgentIdentity, session_id: str) -> None:
    """Take a queued conversation; the first agent to accept gets it, on any replica."""

    async def build(step: Step) -> bool:
        record = step.record
        if record.routing is not Routing.QUEUED or not may_serve(agent, record.group):
            raise AgentActionRefused("not_queued", "the conversation is not waiting in your queue")
        me = assigned(agent)
        step.queue_changed(record.group)
        step.update(routing=Routing.WITH_AGENT, agent=me)
        step.assigned_agent = agent.id
        joined = AgentJoined(agent_name=agent.name)
        context = service.context
        await run_turn(context, step, handle_result(context.profile, record.conversation, joined))
        step.events.append(chat_events.agent_joined(step.record, me, step.now))
        return True

    await _change(service, session_id, build)


async def agent_says(
    service: ChatService,
    agent: AgentIdentity,
    session_id: str,
    text: str,
    attachments: tuple[AttachmentRef, ...] = (),
) -> int:
    """Add the agent's message to the conversation; returns its seq."""
    limit = service.context.settings.message_max_chars
    text = storable(text)  # the agent sees their message as stored, without the NUL
    if not text.strip() and not attachments:
        raise AgentActionRefused("empty", "the message is empty")
    if len(text) > limit:
        raise AgentActionRefused("too_long", f"at most {limit} characters")
    seq = 0

    async def build(step: Step) -> bool:
        nonlocal seq
        _own(step, agent)
        message = step.add_message(
            AuthorKind.AGENT, agent.name, text, attachments=attachments, author_id=agent.id
        )
        seq = message.seq
        return True

    return placed_seq(await _change(service, session_id, build), AuthorKind.AGENT, seq)


async def transfer(
    service: ChatService,
    agent: AgentIdentity,
    session_id: str,
    *,
    to_agent: str | None = None,
    to_group: str | None = None,
) -> None:
    """Pass the conversation to an online colleague, or back to a group's queue."""
    context = service.context
    if (to_agent is None) == (to_group is None):
        raise AgentActionRefused("bad_transfer", "name either to_agent or to_group")

    async def build(step: Step) -> bool:
        _own(step, agent)
        step.released_agent = agent.id
        if to_agent is not None:
            name = await context.roster.online_name(to_agent, step.now)
            if name is None or to_agent == agent.id:
                raise AgentActionRefused("agent_unavailable", f"{to_agent} is not online")
            colleague = AssignedAgent(id=to_agent, name=name)
            step.update(agent=colleague)
            step.assigned_agent = to_agent
            await run_turn(
                context, step, transfer_to_agent(step.record.conversation, agent_name=name)
            )
            step.events.append(chat_events.agent_joined(step.record, colleague, step.now))
            return True
        step.update(routing=Routing.QUEUED, group=to_group, agent=None)
        position = await context.store.position(step.record)
        step.queue_changed(to_group)
        await run_turn(
            context, step, transfer_to_group(step.record.conversation, position=position)
        )
        return True

    await _change(service, session_id, build)


async def end(service: ChatService, agent: AgentIdentity, session_id: str) -> None:
    """The agent ends the conversation; the customer is asked for a rating."""

    async def build(step: Step) -> bool:
        _own(step, agent)
        context = service.context
        ended = handle_result(context.profile, step.record.conversation, AgentEnded())
        await run_turn(context, step, ended)
        return True

    await _change(service, session_id, build)


async def _change(service: ChatService, session_id: str, build: Build) -> Step:
    step = await service.change(session_id, build)
    if step is None:
        raise AgentActionRefused("unknown_session", f"no conversation {session_id!r}")
    return step

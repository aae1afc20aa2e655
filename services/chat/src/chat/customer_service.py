"""Use cases of the customer's side: start, resume and talk to the assistant (or the agent)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass

from chat.actions import run_turn, settle
from chat.adapters.attachment_store import AttachmentStore
from chat.conversation_record import ChatMessage, ConversationRecord
from chat.domain.assistant import handle_input, start_conversation
from chat.domain.bot_reply import reply
from chat.domain.customer_input import CustomerInput, CustomerText, MenuChoice, text_of
from chat.domain.language import Language
from chat.domain.messages import Text
from chat.domain.refusals import refusal_text
from chat.domain.storable_text import has_unstorable, storable
from chat.domain.transcript import AuthorKind
from chat.service import ChatService, StepRefused, placed_seq
from chat.steps import Step, take_turn
from helpdesk_contracts.common import AttachmentRef


class CustomerInputRefused(StepRefused):
    """Input the chat does not take, with a code and the values its reason names."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code, refusal_text(code, Language.EN, **values))
        self.values = values


@dataclass(frozen=True)
class StartedSession:
    record: ConversationRecord
    token: str
    messages: list[ChatMessage]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def start_session(
    service: ChatService,
    *,
    language: Language,
    name: str | None = None,
    email: str | None = None,
) -> StartedSession:
    """Greet a new customer; the token returned is the only way back into the conversation."""
    context = service.context
    token = secrets.token_urlsafe(32)
    turn = start_conversation(
        context.profile, language=language, customer_name=name, customer_email=email
    )
    now = context.clock()
    record = ConversationRecord(
        id=uuid.uuid4().hex,
        token_hash=token_hash(token),
        conversation=turn.conversation,
        started_at=now,
    )
    step = Step(record=record, now=now)
    take_turn(context, step, turn)
    step.update(customer_email=_lower(turn.conversation.customer_email))
    await settle(context, step)
    await context.store.create(step.record, step.messages, step.events)
    service.recent.keep(step.record)
    if step.events:
        service.wake_outbox()  # nobody watches it yet: nothing to relay
    return StartedSession(step.record, token, step.messages)


async def resume_session(service: ChatService, token: str) -> ConversationRecord | None:
    """The conversation of the token, with its last seq (plain messages included)."""
    store = service.context.store
    record = await store.by_token_hash(token_hash(token))
    if record is None:
        return None
    return record.model_copy(update={"seq": await store.latest_seq(record)})


async def customer_says(
    service: ChatService,
    attachments: AttachmentStore,
    *,
    session_id: str,
    customer_input: CustomerInput,
    attachment_ids: tuple[str, ...] = (),
    client_message_id: str | None = None,
) -> int:
    """Store what the customer sent and everything it causes; returns the message's seq."""
    context, settings = service.context, service.context.settings
    removed = has_unstorable(text_of(customer_input))
    customer_input = _storable_input(customer_input)
    text = text_of(customer_input)
    if len(text) > settings.message_max_chars:
        raise CustomerInputRefused("too_long", limit=settings.message_max_chars)
    if len(attachment_ids) > settings.attachments_per_message:
        limit = settings.attachments_per_message
        raise CustomerInputRefused("too_many_attachments", limit=limit)
    refs = await _attachments(attachments, session_id, attachment_ids)
    seq = 0

    async def build(step: Step) -> bool:
        nonlocal seq
        record = step.record
        if client_message_id and (known := record.seq_of(client_message_id)):
            seq = known  # a resend after a reconnect: stored once
            return False
        if record.seq >= settings.messages_per_conversation:
            raise CustomerInputRefused("conversation_full")
        name = record.conversation.customer_name or ""
        message = step.add_message(
            AuthorKind.CUSTOMER,
            name,
            text,
            attachments=refs,
            client_message_id=client_message_id,
        )
        seq = message.seq
        if removed:
            notice = reply(Text.UNSTORABLE_REMOVED, record.conversation.language)
            step.add_reply(context.profile.name, notice)
        turn = handle_input(context.profile, record.conversation, customer_input)
        await run_turn(context, step, turn)
        step.update(customer_email=_lower(step.record.conversation.customer_email))
        return True

    step = await service.change(session_id, build)
    return placed_seq(step, AuthorKind.CUSTOMER, seq)


def _storable_input(customer_input: CustomerInput) -> CustomerInput:
    """The input without characters the store refuses (the customer is told they went)."""
    if isinstance(customer_input, CustomerText):
        return CustomerText(text=storable(customer_input.text))
    return MenuChoice(value=storable(customer_input.value))


async def _attachments(
    store: AttachmentStore, session_id: str, ids: tuple[str, ...]
) -> tuple[AttachmentRef, ...]:
    refs: list[AttachmentRef] = []
    for attachment_id in ids:
        found = await store.ref(attachment_id)
        if found is None or found[1] != session_id:
            raise CustomerInputRefused("unknown_attachment")
        refs.append(found[0])
    return tuple(refs)


def _lower(email: str | None) -> str | None:
    return email.casefold() if email else None

"""A conversation reaches its ticket in parts, so that every message lands there exactly once.

`filed_seq` is the last message seq already sent to intake (chat.session_ended). Each part
carries the messages after it, each line with its seq: intake names the part after its first
seq (a redelivered part is the same inbound message, applied once) and tickets adds it to the
ticket the chat belongs to. Parts leave in seq order through the conversation's outbox.

After the ticket exists, what the customer (or the agent) adds is sent `ticket_part_wait_s`
after the first message not yet on it, or when the conversation ends, whichever comes first:
the agent working the ticket gets the screenshot a customer sends after "this conversation was
recorded on ticket N" within seconds, without one comment per line. While the conversation
goes on, only what a person wrote starts a part (the assistant's notices go along with it).
"""

from __future__ import annotations

from datetime import timedelta

from chat import chat_events
from chat.domain.conversation import FINISHED
from chat.domain.transcript import AuthorKind
from chat.steps import ChatContext, Step

_PEOPLE = frozenset({AuthorKind.CUSTOMER, AuthorKind.AGENT})


async def send_unfiled(context: ChatContext, step: Step) -> bool:
    """Send the messages not on a ticket yet; False when there are none."""
    record = step.record
    stored = await context.store.messages(record.id, after=record.filed_seq)
    messages = [m for m in [*stored, *step.messages] if m.seq > record.filed_seq]
    if not messages:
        return False
    step.events.append(chat_events.session_ended(record, messages, step.now))
    step.update(filed_seq=messages[-1].seq)
    return True


def schedule_ticket_part(context: ChatContext, step: Step) -> None:
    """A live conversation with a ticket got a customer's or agent's message: file it soon."""
    record = step.record
    if not record.ticket_number or record.transcript_due_at is not None:
        return
    if record.conversation.stage in FINISHED:
        return  # the end files everything (after the rating)
    if any(message.author_kind in _PEOPLE for message in step.messages):
        due = step.now + timedelta(seconds=context.settings.ticket_part_wait_s)
        step.update(transcript_due_at=due)

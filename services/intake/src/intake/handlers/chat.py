"""A finished chat conversation becomes a message on the chat channel, recorded on a ticket."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from helpdesk_contracts.common import Actor, Person
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events.chat import ChatSessionEnded
from helpdesk_contracts.events.intake import AgentReply, MessageReceived, ThreadingHints
from helpdesk_runtime.subject_line import subject_from_message
from intake.adapters.archive import ArchiveEntry
from intake.handlers.reception import PRODUCER, Received, Reception

# Transcript times are shown as the customer saw them.
_SHOWN_IN = ZoneInfo("America/Sao_Paulo")
_SUBJECT = {"pt-BR": "Conversa no chat em {when}", "en": "Chat conversation on {when}"}
_RATING = {
    "pt-BR": "Avaliação do atendimento no chat: {score} de 5",
    "en": "Chat rating: {score} out of 5",
}


def part_inbound_id(session: ChatSessionEnded) -> str:
    """One inbound id per part of the transcript: the first part keeps the session's id, later
    ones add their first seq, so each part is recorded once and none hides another."""
    first = session.transcript[0].seq if session.transcript else None
    if first is None or first == 1:
        return f"chat:{session.session_id}"
    return f"chat:{session.session_id}:{first}"


def transcript_text(session: ChatSessionEnded) -> str:
    """The conversation as plain text, one line per message, then the customer's rating."""
    lines = []
    for line in session.transcript:
        when = line.at.astimezone(_SHOWN_IN).strftime("%H:%M")
        files = "".join(f" [{a.filename}]" for a in line.attachments)
        lines.append(f"[{when}] {line.author_name}: {line.text}{files}")
    if session.rating is not None:
        lines.append(_RATING[session.customer.language].format(score=session.rating))
    return "\n".join(lines)


def chat_subject(session: ChatSessionEnded) -> str:
    """The customer's first line, as WhatsApp tickets are titled; the conversation's date when
    the customer wrote nothing (only the assistant or an agent did)."""
    first = next((line.text for line in session.transcript if line.author_kind == "customer"), "")
    started = session.started_at.astimezone(_SHOWN_IN).strftime("%d/%m/%Y %H:%M")
    return subject_from_message(first) or _SUBJECT[session.customer.language].format(when=started)


def first_agent_reply(session: ChatSessionEnded) -> AgentReply | None:
    """The agent's first line, at the time they wrote it: the ticket's first response."""
    line = next((line for line in session.transcript if line.author_kind == "agent"), None)
    if line is None:
        return None
    author = Actor(kind="agent", id=line.author_id, name=line.author_name)
    return AgentReply(author=author, at=line.at)


async def receive_chat_transcript(
    envelope: Envelope[ChatSessionEnded], *, reception: Reception
) -> Received:
    """Archive the transcript once and queue its message event on the chat channel."""
    session = envelope.payload
    inbound_id = part_inbound_id(session)
    language = session.customer.language
    text = transcript_text(session)
    payload = MessageReceived(
        inbound_id=inbound_id,
        channel="chat",
        received_at=session.ended_at,
        sender=Person(name=session.customer.name, email=session.customer.email),
        subject=chat_subject(session),
        text=text,
        full_text=text,
        attachments=tuple(a for line in session.transcript for a in line.attachments),
        threading=ThreadingHints(
            ticket_number_hint=session.ticket_number,
            external_ids={"chat_session": session.session_id},
        ),
        language=language,
        raw_ref=inbound_id,
        first_agent_reply=first_agent_reply(session),
    )
    event = new_envelope(
        payload,
        producer=PRODUCER,
        correlation_id=envelope.correlation_id,
        causation_id=str(envelope.event_id),
    )
    summary = {"sender": session.customer.email, "session_id": session.session_id}
    entry = ArchiveEntry(inbound_id, "chat", "message", summary, [event])
    stored = await reception.archive.store(entry)
    return reception.received("chat", inbound_id, stored)

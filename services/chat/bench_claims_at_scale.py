"""Benchmark: chat's conversation claims at 1 000 and at 100 000 stored conversations.

`make bench ONLY=claims_at_scale` (with notify's and tickets' of the same name) or
`make bench ONLY=chat`. Conversations are kept for good (their transcript and messages), so the
collection grows with every chat. Seeded ones are ended and filed on a ticket, with ten
messages each; as many are live at every size: ten wait in a queue (the general one or a
group's), twenty are with one of 20 agents and ten still talk to the assistant. Paths, each
through chat's own `ConversationStore` (a conversation changes hands by an update conditional
on the version read, the way `ChatService` stores every step):
- `chat_handoff_claim`: agents accept 20 queued conversations (load, then the versioned update);
- `chat_queue_refresh`: one queue-position round: each group's queue (first 50), the counts per
  group, the agents' queue view and the place of 20 queued customers;
- `chat_transcript_sweep`: the sweep finds 20 conversations whose rating wait ran out and files
  each (versioned update);
- `chat_filing_match`: 20 ticket.created events each find the conversation of their customer
  waiting for a ticket number and store it (versioned update);
- `chat_agent_join`: 20 agents connect and load the conversations assigned to them.
Prints figures, asserts nothing.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from chat.adapters.conversation_store import ConversationStore, new_conversation_document
from chat.conversation_record import (
    AssignedAgent,
    ChatMessage,
    ConversationRecord,
    FilingKind,
    Routing,
)
from chat.domain.conversation import Conversation, Stage
from chat.domain.transcript import AuthorKind
from helpdesk_runtime.database import Document
from tests.bench.harness import print_figures
from tests.bench.scale import ScaleCase, run_scale_benchmark, seeded_case

PER_PASS = 20
AGENTS = 20
GROUPS = (None, "financeiro")
NOW = datetime.now(UTC)


def conversation(number: int, routing: Routing, *, tag: str = "") -> ConversationRecord:
    """A conversation of customer `number` (one in 5 000 customers chats again)."""
    email = f"cliente{number % 5000}@example.com.br"
    started = NOW - timedelta(minutes=number)
    stage = {
        Routing.QUEUED: Stage.QUEUED,
        Routing.WITH_AGENT: Stage.WITH_AGENT,
        Routing.BOT: Stage.MENU,
        Routing.ENDED: Stage.ENDED,
    }[routing]
    agent = AssignedAgent(id=f"agent-{number % AGENTS}", name="Atendente")
    return ConversationRecord(
        id=f"{tag}{uuid.UUID(int=number + 1).hex}",
        token_hash=f"{tag}{number:064x}",
        version=12,
        seq=10,
        routing=routing,
        conversation=Conversation(
            stage=stage, customer_name="Maria", customer_email=email, verified_email=email
        ),
        customer_email=email,
        started_at=started,
        ended_at=started + timedelta(minutes=9) if routing is Routing.ENDED else None,
        agent=agent if routing in (Routing.WITH_AGENT, Routing.ENDED) else None,
        group=GROUPS[number % 2],
        requested_at=started + timedelta(minutes=2),
        ticket_number=str(2026000000 + number) if routing is Routing.ENDED else None,
        filed_seq=10 if routing is Routing.ENDED else 0,
    )


def messages(record: ConversationRecord) -> list[ChatMessage]:
    return [
        ChatMessage(
            seq=seq,
            author_kind=AuthorKind.CUSTOMER if seq % 2 else AuthorKind.BOT,
            author_name="Maria" if seq % 2 else "Assistente",
            text="Não consigo acessar minha conta desde ontem, pode me ajudar?",
            sent_at=record.started_at + timedelta(seconds=20 * seq),
        )
        for seq in range(1, 11)
    ]


def stored(number: int) -> Document:
    """Live conversations are as many at every size (they depend on the staff, not on the
    history): ten queued, twenty with an agent, ten with the assistant; the rest ended."""
    routing = Routing.ENDED
    for live, below in ((Routing.QUEUED, 10), (Routing.WITH_AGENT, 30), (Routing.BOT, 40)):
        if number < below:
            routing = live
            break
    record = conversation(number, routing)
    return new_conversation_document(record, messages(record), [])


async def cases(database: AsyncDatabase[Document]) -> list[ScaleCase]:
    store = ConversationStore(database)
    await store.ensure_indexes()

    async def add(tag: str, routing: Routing, **changes: object) -> list[ConversationRecord]:
        added = []
        for number in range(PER_PASS):
            record = conversation(number, routing, tag=tag).model_copy(update=changes)
            await store.create(record, messages(record), [])
            added.append(record)
        return added

    async def store_step(session_id: str, **changes: object) -> None:
        before = await store.load(session_id)
        assert before is not None
        after = before.model_copy(update={"version": before.version + 1, **changes})
        assert await store.save(before, after, [], [])

    async def queue(tag: str) -> None:
        await add(f"{tag}q", Routing.QUEUED, requested_at=NOW - timedelta(days=30))

    async def accept(tag: str) -> None:
        for number in range(PER_PASS):
            agent = AssignedAgent(id=f"agent-{number % AGENTS}", name="Atendente")
            session = conversation(number, Routing.QUEUED, tag=f"{tag}q").id
            await store_step(session, routing=Routing.WITH_AGENT, agent=agent)

    async def refresh(tag: str) -> None:
        for group in GROUPS:
            await store.queued(group)
        await store.waiting_per_group()
        for record in await store.queued_for(list(GROUPS), limit=PER_PASS):
            await store.position(record)

    async def rating_runs_out(tag: str) -> None:
        await add(f"{tag}t", Routing.ENDED, transcript_due_at=NOW - timedelta(minutes=1))

    async def sweep(tag: str) -> None:
        due = await store.transcripts_due(datetime.now(UTC))
        assert len(due) == PER_PASS, len(due)
        for record in due:
            await store_step(record.id, transcript_due_at=None)

    async def file_chats(tag: str) -> None:
        added = await add(f"{tag}f", Routing.ENDED, ticket_number=None, filing_at=NOW)
        for record in added:
            email = f"{tag}.{record.id}@example.com.br"
            await store_step(record.id, customer_email=email, filing_kind=FilingKind.OPEN_TICKET)

    async def match(tag: str) -> None:
        for number in range(PER_PASS):
            session = conversation(number, Routing.ENDED, tag=f"{tag}f").id
            waiting = await store.awaiting_ticket(f"{tag}.{session}@example.com.br")
            assert len(waiting) == 1
            await store_step(waiting[0].id, filing_at=None, ticket_number="2026999999")

    async def join(tag: str) -> None:
        for number in range(AGENTS):
            await store.assigned_to(f"agent-{number}")

    return [
        seeded_case(
            store.collection,
            stored,
            {
                "chat_handoff_claim": accept,
                "chat_queue_refresh": refresh,
                "chat_transcript_sweep": sweep,
                "chat_filing_match": match,
                "chat_agent_join": join,
            },
            {
                "chat_handoff_claim": queue,
                "chat_transcript_sweep": rating_runs_out,
                "chat_filing_match": file_chats,
            },
        )
    ]


def run() -> dict[str, float]:
    return run_scale_benchmark(cases)


if __name__ == "__main__":
    print_figures("chat claims at scale", run())

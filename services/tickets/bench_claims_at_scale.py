"""Benchmark: tickets' leases and claims at 1 000 and at 100 000 documents.

`make bench ONLY=claims_at_scale` (with chat's and notify's of the same name) or
`make bench ONLY=tickets`. Paths, each through the service's own adapters:
- `tickets_requester_lease`: 50 inbound messages of different requesters each hold their
  requester's lease (`KeyLeases`, taken by a conditional upsert, released by a delete) among
  leases crashed holders left (the TTL deletes them an hour after; one in 100 is live). A
  holder deletes its lease when done, so only crashes leave any: 100 000 is far beyond what
  the collection holds in practice;
- `tickets_requester_lease_takeover`: 20 requesters whose last holder crashed: the lease that
  ran out is taken over;
- `tickets_magic_link_redeem`: 20 customers follow the sign-in link just sent to them (one
  conditional update by the code's hash, a read by `_id`, the address's other links spent),
  among links of 20 000 customers, used or expired;
- `tickets_magic_link_send`: 20 customers ask for a link: the rate limit counts their recent
  links, their expired ones are forgotten and the new one stored;
- `tickets_auto_close`: the closing loop finds 20 resolved tickets whose week has passed and
  closes each (the versioned update), among tickets long closed (one in 100 still open).
The round-robin turn is not here: it moves a pointer in `groups` (one document per group),
which does not grow with tickets. Prints figures, asserts nothing.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from helpdesk_contracts.common import Requester
from helpdesk_runtime.database import Document
from helpdesk_runtime.key_leases import KeyLeases
from tests.bench.harness import print_figures
from tests.bench.scale import ScaleCase, run_scale_benchmark, seeded_case
from tickets.adapters.magic_links import MagicLinkStore, code_hash
from tickets.adapters.records import TicketRecord, to_document
from tickets.adapters.ticket_store import TicketStore
from tickets.domain.model import SYSTEM, Channel
from tickets.domain.opening import InboundMessage, open_ticket
from tickets.domain.status import TicketStatus
from tickets.domain.workflow import ClosingPolicy, change_status, close, close_if_due

LEASES, TAKEOVERS, LINKS, DUE = 50, 20, 20, 20
NOW = datetime.now(UTC)
CLOSING = ClosingPolicy()


def lease(number: int) -> Document:
    """Left by crashed holders over the last half hour (the TTL index deletes a lease an hour
    after it ran out, so the collection never holds older ones); one in 100 live."""
    ran_out = NOW - timedelta(milliseconds=18 * number)
    until = NOW + timedelta(seconds=30) if number % 100 == 5 else ran_out
    return {"_id": f"requester:contact-{number}", "holder": uuid.uuid4().hex, "until": until}


def link(number: int) -> Document:
    """Links of 20 000 customers over the last weeks: used, or expired unused."""
    sent = NOW - timedelta(minutes=20 * number)
    return {
        "_id": code_hash(f"code-{number}"),
        "contact_id": f"contact-{number % 20_000}",
        "email": f"cliente{number % 20_000}@example.com.br",
        "created_at": sent,
        "expires_at": sent + timedelta(minutes=15),
        "used_at": sent + timedelta(minutes=2) if number % 3 else None,
    }


def ticket_record(number: int, status: TicketStatus, opened: datetime) -> TicketRecord:
    message = InboundMessage(
        sender_id=f"contact-{number % 20_000}",
        channel=Channel.EMAIL,
        subject="Boleto não chegou",
        text="Olá, o boleto de março não chegou. Podem reenviar, por favor?",
        received_at=opened,
    )
    ticket = open_ticket(message, number=number, now=opened).ticket
    if status in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
        resolved = opened + timedelta(hours=2)
        ticket = change_status(ticket, to=TicketStatus.RESOLVED, actor=SYSTEM, now=resolved).ticket
    if status is TicketStatus.CLOSED:
        ticket = close(ticket, now=opened + timedelta(days=8)).ticket
    requester = Requester(contact_id=message.sender_id, email="cliente@example.com.br")
    return TicketRecord(ticket=ticket, requester=requester, reply_token=f"tk{number}")


TEMPLATES = {
    status: to_document(ticket_record(1, status, NOW - timedelta(days=30)), CLOSING)
    for status in (TicketStatus.OPEN, TicketStatus.CLOSED)
}


def stored_ticket(number: int) -> Document:
    status = TicketStatus.OPEN if number % 100 == 7 else TicketStatus.CLOSED
    return TEMPLATES[status] | {"_id": number, "number": number}


async def cases(database: AsyncDatabase[Document]) -> list[ScaleCase]:
    held = database["requester_leases"]
    leases = KeyLeases(held, lease=timedelta(seconds=30))
    links = MagicLinkStore(database)
    tickets = TicketStore(database, CLOSING)
    for store in (leases, links, tickets):
        await store.ensure_indexes()
    fresh = iter(range(10_000_000, 1_000_000_000, 1_000))  # numbers no seed reaches

    async def hold(tag: str) -> None:
        for number in range(LEASES):
            async with leases.hold(f"requester:{tag}-{number}"):
                pass

    async def crash(tag: str) -> None:
        until = NOW - timedelta(seconds=1)
        for number in range(TAKEOVERS):
            key = f"requester:{tag}-crashed-{number}"
            await held.insert_one({"_id": key, "holder": "dead", "until": until})

    async def take_over(tag: str) -> None:
        for number in range(TAKEOVERS):
            async with leases.hold(f"requester:{tag}-crashed-{number}"):
                pass

    async def send_links(tag: str) -> None:
        for number in range(LINKS):
            email = f"{tag}.{number}@example.com.br"
            now = datetime.now(UTC)  # seeding 100 000 tickets outlasts a link's 15 minutes
            args = {"contact_id": "c", "email": email, "created_at": now}
            args["expires_at"] = now + timedelta(minutes=15)
            await links.record(code=f"{tag}-{number}", events=[], **args)

    async def redeem(tag: str) -> None:
        for number in range(LINKS):
            assert await links.redeem(f"{tag}-{number}", datetime.now(UTC)) == "c"

    async def ask(tag: str) -> None:
        first = next(fresh)
        for number in range(LINKS):
            email = f"cliente{(first + number) % 20_000}@example.com.br"
            await links.sent_since(email, NOW - timedelta(hours=1))
            await links.send(
                code=f"{tag}-asked-{number}",
                holder_id="c",
                email=email,
                now=NOW,
                window_start=NOW - timedelta(days=1),
                expires_at=NOW + timedelta(minutes=15),
                events=[],
            )

    async def resolve(tag: str) -> None:
        first = next(fresh)
        for number in range(first, first + DUE):
            record = ticket_record(number, TicketStatus.RESOLVED, NOW - timedelta(days=9))
            await tickets.insert(record, [])

    async def auto_close(tag: str) -> None:
        now = datetime.now(UTC)
        due = await tickets.due_for_closing(now)
        assert len(due) == DUE, len(due)
        for record in due:
            closed = record.with_ticket(close_if_due(record.ticket, policy=CLOSING, now=now).ticket)
            await tickets.update(closed, [], loaded_version=record.ticket.version)

    return [
        seeded_case(
            held,
            lease,
            {"tickets_requester_lease": hold, "tickets_requester_lease_takeover": take_over},
            {"tickets_requester_lease_takeover": crash},
        ),
        seeded_case(
            links.collection,
            link,
            {"tickets_magic_link_redeem": redeem, "tickets_magic_link_send": ask},
            {"tickets_magic_link_redeem": send_links},
        ),
        seeded_case(
            tickets.collection,
            stored_ticket,
            {"tickets_auto_close": auto_close},
            {"tickets_auto_close": resolve},
        ),
    ]


def run() -> dict[str, float]:
    return run_scale_benchmark(cases)


if __name__ == "__main__":
    print_figures("tickets claims at scale", run())

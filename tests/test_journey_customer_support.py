"""Customer journeys across all five services, each a real process on the real broker and
database: mail in through intake's SMTP listener, mail out through notify's SMTP relay, the
agent API of tickets, the chat WebSocket and the SLA API."""

from __future__ import annotations

import asyncio
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import parseaddr

import pytest

from services.chat.tests.chat_live import Client, agent
from tests.journeys.chat import chat_customer
from tests.journeys.mail import SUPPORT_ADDRESS, SUPPORT_DOMAIN, customer_email, reply_to, send
from tests.journeys.system import JSON, OPEN_CHAT, System
from tests.support.processes import eventually, eventually_async

pytestmark = pytest.mark.e2e
WAIT_S = 60


@pytest.fixture(scope="module")
def system(whole_system: System) -> System:
    """The whole system, shared with the other journeys on its settings (tests/conftest.py)."""
    return whole_system


@dataclass
class EmailedTicket:
    """A ticket a customer opened by email, and the acknowledgement notify mailed back."""

    number: int
    customer: str
    tag: str
    acknowledgement: EmailMessage
    sent: list[EmailMessage]
    """What the customer mailed about it so far (their Message-IDs belong to the thread too)."""


def customer_comments(ticket: JSON) -> list[JSON]:
    return [c for c in ticket["comments"] if c["author"]["kind"] == "customer"]


def mails_about(system: System, ticket: EmailedTicket) -> list[EmailMessage]:
    mark = f"[#{ticket.number}]"
    return [m for m in system.relay.to(ticket.customer) if mark in str(m["Subject"])]


@pytest.fixture(scope="module")
def emailed_ticket(system: System) -> EmailedTicket:
    tag = uuid.uuid4().hex[:8]
    customer = f"ana.{tag}@example.com.br"
    first = customer_email(
        sender=customer,
        to=SUPPORT_ADDRESS,
        subject=f"Pedido {tag} não chegou",
        text="Comprei há duas semanas e o pedido ainda não chegou.",
    )
    send(system.intake_smtp_port, first)

    [opened] = eventually(
        lambda: system.tickets_about(tag), timeout=WAIT_S, what=f"a ticket about {tag}"
    )
    number = int(opened["number"])
    acknowledgement = system.relay.wait_for(
        customer, "the acknowledgement", lambda m: f"[#{number}]" in str(m["Subject"]), WAIT_S
    )
    return EmailedTicket(number, customer, tag, acknowledgement, [first])


def test_a_reply_to_the_acknowledgement_lands_on_the_same_ticket(
    system: System, emailed_ticket: EmailedTicket
) -> None:
    number, ack = emailed_ticket.number, emailed_ticket.acknowledgement
    opened = system.ticket(number)
    assert opened["channel"] == "email"
    assert opened["requester"]["email"] == emailed_ticket.customer
    assert str(ack["Subject"]).startswith(f"[#{number}] ")
    assert str(ack["Message-ID"]).endswith(f"@{SUPPORT_DOMAIN}>")
    reply_address = parseaddr(str(ack["Reply-To"]))[1]
    assert reply_address == f"suporte+{opened['reply_token']}@{SUPPORT_DOMAIN}"

    answer = reply_to(ack, sender=emailed_ticket.customer, text="O número do pedido é 4471.")
    send(system.intake_smtp_port, answer)
    emailed_ticket.sent.append(answer)

    def replied() -> JSON | None:
        ticket = system.ticket(number)
        return ticket if len(customer_comments(ticket)) >= 2 else None

    ticket = eventually(
        replied,
        timeout=WAIT_S,
        what=f"the reply on ticket #{number}",
    )
    texts = [c["text"] for c in customer_comments(ticket)]
    assert len(texts) == 2
    assert "O número do pedido é 4471." in texts[1]
    assert [t["number"] for t in system.tickets_about(emailed_ticket.tag)] == [number]


def test_sla_answers_with_targets_and_due_times_for_the_emailed_ticket(
    system: System, emailed_ticket: EmailedTicket
) -> None:
    def clock() -> JSON | None:
        answer = system.sla_of(emailed_ticket.number)
        return answer.json() if answer.status_code == 200 else None

    sla = eventually(clock, timeout=WAIT_S, what=f"an SLA clock for #{emailed_ticket.number}")

    assert sla["ticket_number"] == emailed_ticket.number
    targets = {t["target"]: t for t in sla["targets"]}
    assert {"first_response", "resolution"} <= set(targets), sla["targets"]
    for name in ("first_response", "resolution"):
        assert targets[name]["target_minutes"] > 0
        assert targets[name]["due_at"] is not None, targets[name]
    assert sla["next_deadline"] is not None


def test_an_agent_reply_reaches_the_customer_in_the_tickets_mail_thread(
    system: System, emailed_ticket: EmailedTicket
) -> None:
    number = emailed_ticket.number
    thread = [*mails_about(system, emailed_ticket), *emailed_ticket.sent]
    earlier_ids = {str(m["Message-ID"]) for m in thread}
    text = "Olá Ana, localizamos o pedido 4471: ele sai para entrega amanhã."

    system.agent_post(f"/v1/tickets/{number}/replies", {"text": text})

    reply = system.relay.wait_for(
        emailed_ticket.customer,
        "the agent's reply",
        lambda m: "localizamos o pedido 4471" in _plain(m),
        WAIT_S,
    )
    assert str(reply["Subject"]).startswith(f"[#{number}] ")
    assert str(reply["In-Reply-To"]) in earlier_ids
    assert str(reply["Message-ID"]) not in earlier_ids
    assert str(emailed_ticket.acknowledgement["Message-ID"]) in str(reply["References"])


def _plain(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return str(part.get_content()) if part is not None else ""


async def test_a_chat_outside_business_hours_becomes_a_ticket_whose_number_the_customer_sees(
    system: System,
) -> None:
    tag = uuid.uuid4().hex[:8]
    email = f"rita.{tag}@example.com"
    async with chat_customer(system.url("chat"), name="Rita Sousa", email=email) as rita:
        await rita.send(type="message", text="atendente")
        await rita.shown("Posso abrir um chamado com esta conversa")
        await rita.send(type="choice", value="yes")
        await rita.shown("Descreva em poucas palavras")
        await rita.send(type="message", text=f"Meu boleto {tag} não chegou por e-mail")

        shown = await rita.shown("Abrimos o chamado nº", timeout=90)

    told = re.search(r"nº (\d+)", shown)
    assert told is not None, shown
    number = int(told[1])

    async def ticket() -> JSON | None:
        answer = await asyncio.to_thread(system.ticket, number)
        return answer

    opened = await eventually_async(ticket, timeout=WAIT_S, what=f"ticket #{number}")
    assert opened["channel"] == "chat"
    assert opened["requester"]["email"] == email
    assert any(f"Meu boleto {tag} não chegou" in c["text"] for c in opened["comments"])


async def test_an_agents_reply_in_the_chat_is_the_first_response_of_the_transcripts_ticket(
    system: System,
) -> None:
    tag = uuid.uuid4().hex[:8]
    chat = system.processes[OPEN_CHAT]
    async with (
        agent(chat, system.agent_token) as carla,
        chat_customer(chat.url, name="Paulo Lima", email=f"paulo.{tag}@example.com") as paulo,
    ):
        session_id = (await paulo.session())["session_id"]
        await paulo.send(type="message", text="atendente")
        await _accept(carla, session_id)
        await carla.send(type="message", session_id=session_id, text=f"Olá Paulo ({tag})")
        reply = await paulo.wait_text(f"Olá Paulo ({tag})")
        await carla.send(type="end", session_id=session_id)
        await paulo.send(type="choice", value="5")
        shown = await paulo.shown("registrada no chamado nº", timeout=90)

    told = re.search(r"nº (\d+)", shown)
    assert told is not None, shown
    number, replied_at = int(told[1]), datetime.fromisoformat(reply["message"]["sent_at"])

    def answered() -> JSON | None:
        ticket = system.ticket(number)
        return ticket if ticket.get("first_response_at") else None

    def first_response_met() -> JSON | None:
        answer = system.sla_of(number)
        if answer.status_code != 200:
            return None
        first = next(t for t in answer.json()["targets"] if t["target"] == "first_response")
        return first if first["met_at"] else None

    ticket = eventually(answered, timeout=WAIT_S, what=f"ticket #{number} answered")
    assert ticket["channel"] == "chat"
    assert datetime.fromisoformat(ticket["first_response_at"]) == replied_at
    met = eventually(first_response_met, timeout=WAIT_S, what=f"first response met on #{number}")
    assert not met["breached"]


async def _accept(carla: Client, session_id: str) -> None:
    await carla.wait_for(
        lambda f: f["type"] == "queue" and any(i["session_id"] == session_id for i in f["items"]),
        "the conversation in the agent's queue",
        timeout=WAIT_S,
    )
    await carla.send(type="accept", session_id=session_id)
    await carla.wait_for(
        lambda f: f["type"] == "assigned" and f["session_id"] == session_id,
        "the conversation assigned",
        timeout=WAIT_S,
    )

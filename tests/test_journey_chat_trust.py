"""A chat customer's words reach their ticket, and a ticket's status reaches only its requester:
chat, intake, tickets and notify as real processes on the real broker and database, notify
mailing through a loopback SMTP server (the customer's mailbox)."""

from __future__ import annotations

import asyncio
import json
import re
import uuid

import httpx
import pytest

from services.chat.tests.chat_live import EventTap
from tests.journeys.chat import ChatCustomer, chat_customer
from tests.journeys.system import JSON, System
from tests.support.events import publish
from tests.support.processes import eventually

pytestmark = pytest.mark.e2e
WAIT_S = 90
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="module")
def system(whole_system: System) -> System:
    """The whole system, shared with the other journeys on its settings (tests/conftest.py)."""
    return whole_system


async def _open_ticket_from_chat(rita: ChatCustomer, description: str) -> int:
    await rita.send(type="message", text="atendente")
    await rita.shown("Posso abrir um chamado com esta conversa")
    await rita.send(type="choice", value="yes")
    await rita.shown("Descreva em poucas palavras")
    await rita.send(type="message", text=description)
    told = re.search(r"nº (\d+)", await rita.shown("Abrimos o chamado nº", timeout=WAIT_S))
    assert told is not None
    return int(told[1])


def _comment_with(system: System, number: int, text: str) -> JSON | None:
    comments: list[JSON] = system.ticket(number)["comments"]
    return next((c for c in comments if text in c["text"]), None)


async def _upload(system: System, token: str) -> str:
    auth = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=system.url("chat"), headers=auth, timeout=30) as http:
        answer = await http.post(
            "/v1/chat/attachments", files={"file": ("tela.png", PNG, "image/png")}
        )
    assert answer.status_code == 201, answer.text
    attachment_id: str = answer.json()["attachment_id"]
    return attachment_id


async def test_what_a_customer_adds_after_the_ticket_opened_lands_on_it_once_and_in_order(
    system: System,
) -> None:
    tag = uuid.uuid4().hex[:8]
    email = f"rita.{tag}@example.com"
    run = system.run
    async with (
        EventTap(run, "chat.session_ended.v1") as parts,
        EventTap(run, "intake.message.received.v1") as inbound,
        chat_customer(system.url("chat"), name="Rita Sousa", email=email) as rita,
    ):
        session = await rita.session()
        number = await _open_ticket_from_chat(rita, f"Meu boleto {tag} não chegou")
        await rita.send(
            type="message",
            text=f"Segue o print do erro {tag}",
            attachments=[await _upload(system, session["token"])],
        )
        shot = await asyncio.to_thread(
            eventually,
            lambda: _comment_with(system, number, f"Segue o print do erro {tag}"),
            timeout=WAIT_S,
            what=f"the screenshot message on ticket #{number}",
        )
        assert [a["filename"] for a in shot["attachments"]] == ["tela.png"]

        # the broker delivers the second part again, to intake and to tickets
        for tap, key in ((parts, "chat.session_ended.v1"), (inbound, "intake.message.received.v1")):
            again = next(e for e in tap.events if "Segue o print" in json.dumps(e["payload"]))
            await publish(
                run.infrastructure.amqp_url, run.namespace, key, json.dumps(again).encode()
            )

        await rita.send(type="message", text=f"Mais um detalhe {tag}: vence amanhã")
        await rita.send(type="message", text="sair")
        await rita.shown("como você avalia este atendimento?")
        await rita.send(type="choice", value="4")
        await rita.shown(f"registrada no chamado nº {number}", timeout=WAIT_S)

    last = await asyncio.to_thread(
        eventually,
        lambda: _comment_with(system, number, f"Mais um detalhe {tag}"),
        timeout=WAIT_S,
        what=f"the last part on ticket #{number}",
    )
    assert "Avaliação do atendimento no chat: 4 de 5" in last["text"]
    texts = [c["text"] for c in system.ticket(number)["comments"]]
    said = [
        f"Meu boleto {tag} não chegou",
        f"Segue o print do erro {tag}",
        f"Mais um detalhe {tag}",
    ]
    assert [sum(text.count(line) for text in texts) for line in said] == [1, 1, 1], texts
    where = [next(i for i, text in enumerate(texts) if line in text) for line in said]
    assert where == sorted(where), texts
    files = [a["filename"] for c in system.ticket(number)["comments"] for a in c["attachments"]]
    assert files == ["tela.png"]


def _codes_mailed_to(system: System, email: str) -> list[str]:
    """The chat codes in the customer's mailbox, oldest first."""
    codes = []
    for mail in system.relay.to(email):
        if "código de verificação" in str(mail["Subject"]):
            body = mail.get_body(preferencelist=("plain",))
            found = re.search(r"é: (\d{6})", str(body.get_content()) if body else "")
            codes.extend([found[1]] if found else [])
    return codes


async def _ask_status(customer: ChatCustomer, number: int) -> None:
    await customer.shown("Como posso ajudar?")
    await customer.send(type="choice", value="2")
    await customer.shown("Qual é o número do protocolo?")
    await customer.send(type="message", text=str(number))
    await customer.shown("enviei um código de 6 dígitos")


async def test_typing_the_requesters_email_gets_no_status_the_code_mailed_to_it_does(
    system: System,
) -> None:
    tag = uuid.uuid4().hex[:8]
    email = f"lia.{tag}@example.com"
    async with chat_customer(system.url("chat"), name="Lia Souza", email=email) as lia:
        number = await _open_ticket_from_chat(lia, f"Meu cartão {tag} foi recusado")

    async with chat_customer(system.url("chat"), name="Intruso", email=email) as intruder:
        await _ask_status(intruder, number)
        mailed = await asyncio.to_thread(
            eventually, lambda: _codes_mailed_to(system, email), timeout=WAIT_S, what="a code"
        )
        guess = "123456" if mailed[-1] != "123456" else "654321"
        await intruder.send(type="message", text=guess)
        await intruder.shown("Esse código não confere")
        assert not any("Status do chamado" in text for text in intruder.texts())

    async with chat_customer(system.url("chat"), name="Lia Souza", email=email) as owner:
        await _ask_status(owner, number)
        codes = await asyncio.to_thread(
            eventually,
            lambda: found if len(found := _codes_mailed_to(system, email)) > 1 else None,
            timeout=WAIT_S,
            what="a second code in Lia's mailbox",
        )
        await owner.send(type="message", text=codes[-1])
        await owner.shown(f"Status do chamado nº {number}:")

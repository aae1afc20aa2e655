"""A steady stream of customers writing in through every door, each message carrying a marker
(`chaos-<12 hex>`) so that the audit finds where it ended.

Each sender behaves like a real client of that channel when a replica dies under it: it tries
the other replica (as a load balancer would) with the same idempotency key, SMTP Message-ID,
WhatsApp message id or chat `client_message_id`, until the message is accepted. Only accepted
messages are promised a ticket."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import os
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import aiosmtplib
import httpx
import websockets

from cluster_tests.replicas import SUPPORT_ADDRESS, ReplicatedSystem

KINDS = ("webform", "email", "whatsapp", "chat")
ACK_WAIT_S = 15


@dataclass
class Inbound:
    marker: str
    kind: str
    accepted_at: float | None = None
    attempts: int = 0
    chat: dict[str, Any] = field(default_factory=dict)  # the session token, acknowledged lines


@dataclass
class LoadRecord:
    sent: list[Inbound] = field(default_factory=list)

    @property
    def accepted(self) -> list[Inbound]:
        return [m for m in self.sent if m.accepted_at is not None]

    def retried(self) -> int:
        return sum(m.attempts - 1 for m in self.accepted)


class InboundLoad:
    """Sends `count` messages at about `rate` per second, the four kinds in turn."""

    def __init__(self, system: ReplicatedSystem, record: LoadRecord) -> None:
        self._system = system
        self._record = record
        self._number = itertools.count(len(record.sent))
        self._http = httpx.AsyncClient(timeout=20, limits=httpx.Limits(max_connections=None))
        self._mine: list[Inbound] = []
        self._began = self._sent_at = time.monotonic()

    async def send(self, count: int, rate: float) -> None:
        """Each message leaves at its own time on the clock (start + n / rate), whatever the
        ones before cost, so the rate holds while replies slow down."""
        tasks = []
        self._began = time.monotonic()
        for index in range(count):
            await asyncio.sleep(max(0.0, self._began + index / rate - time.monotonic()))
            number = next(self._number)
            message = Inbound(f"chaos-{uuid.uuid4().hex[:12]}", KINDS[number % len(KINDS)])
            self._record.sent.append(message)
            self._mine.append(message)
            tasks.append(asyncio.create_task(self._deliver(message, number)))
        self._sent_at = time.monotonic()
        await asyncio.gather(*tasks)

    def rates(self) -> str:
        """Messages started per second, and accepted per second until the last was accepted."""
        sent_s = max(self._sent_at - self._began, 1e-9)
        accepted = [m.accepted_at for m in self._mine if m.accepted_at is not None]
        accepted_s = max(max(accepted, default=self._began) - self._began, 1e-9)
        return (
            f"sent {len(self._mine)} at {len(self._mine) / sent_s:.2f}/s, "
            f"accepted {len(accepted)} at {len(accepted) / accepted_s:.2f}/s"
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def _deliver(self, message: Inbound, number: int) -> None:
        door: Callable[[Inbound, int], Awaitable[bool]] = getattr(self, f"_{message.kind}")
        for attempt in itertools.count():
            message.attempts += 1
            try:
                if await door(message, number + attempt):  # the next replica on each attempt
                    message.accepted_at = time.monotonic()
                    return
            except (
                OSError,
                httpx.HTTPError,
                aiosmtplib.SMTPException,
                websockets.WebSocketException,
            ):
                pass  # its replica died under it: the client tries again
            except TimeoutError:
                pass
            await asyncio.sleep(min(0.5 * (attempt + 1), 3))

    def _url(self, service: str, turn: int) -> str:
        replicas = self._system.of(service)
        return replicas[turn % len(replicas)].process.url

    async def _webform(self, message: Inbound, turn: int) -> bool:
        form = {
            "name": "Cliente Carga", "email": f"{message.marker}@example.com.br",
            "category": "financeiro", "subcategory": "boleto",
            "subject": f"Boleto {message.marker}", "description": f"Texto {message.marker}",
        }  # fmt: skip
        answer = await self._http.post(
            self._url("intake", turn) + "/v1/webform",
            json=form,
            headers={"Idempotency-Key": message.marker},
        )
        return answer.status_code == 202

    async def _email(self, message: Inbound, turn: int) -> bool:
        mail = EmailMessage()
        mail["From"] = f"Cliente <{message.marker}@example.com.br>"
        mail["To"] = SUPPORT_ADDRESS
        mail["Subject"] = f"Pedido {message.marker}"
        mail["Message-ID"] = f"<{message.marker}@example.com.br>"
        mail.set_content(f"Meu pedido {message.marker} não chegou.")
        replicas = self._system.of("intake")
        port = replicas[turn % len(replicas)].smtp_port
        assert port is not None

        await aiosmtplib.send(mail, hostname="127.0.0.1", port=port, timeout=20)
        return True

    async def _whatsapp(self, message: Inbound, turn: int) -> bool:
        number = "5521" + str(int(message.marker[6:], 16) % 10**9).zfill(9)
        entry = {
            "from": number,
            "id": f"wamid.{message.marker}",
            "timestamp": str(int(time.time())),
        }
        value = {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "551140028922", "phone_number_id": "1065403"},
            "contacts": [{"profile": {"name": "Cliente Zap"}, "wa_id": number}],
            "messages": [{**entry, "type": "text", "text": {"body": f"Oi {message.marker}"}}],
        }
        body = json.dumps(
            {
                "object": "whatsapp_business_account",
                "entry": [{"id": "1022901", "changes": [{"field": "messages", "value": value}]}],
            }
        ).encode()
        secret = os.environ["HELPDESK_WHATSAPP_APP_SECRET"].encode()
        signature = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
        answer = await self._http.post(
            self._url("intake", turn) + "/v1/whatsapp/webhook",
            content=body,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature},
        )
        return answer.status_code == 200

    async def _chat(self, message: Inbound, turn: int) -> bool:
        """A whole conversation: one message with the marker, then `sair`; on a lost socket the
        same conversation is resumed on the next replica and the unacknowledged line resent."""
        state = message.chat
        url = self._url("chat", turn).replace("http://", "ws://") + "/v1/chat/ws"
        async with websockets.connect(url, open_timeout=10) as socket:
            if "token" in state:
                await socket.send(json.dumps({"type": "resume", "token": state["token"]}))
            else:
                start = {"type": "start", "name": "Cliente Chat"}
                await socket.send(
                    json.dumps({**start, "email": f"{message.marker}@example.com.br"})
                )
            session = await _frame(socket, lambda f: f["type"] == "session")
            state.setdefault("token", session.get("token"))
            lines = [(f"Meu pedido {message.marker} atrasou", "line"), ("sair", "exit")]
            for text, step in lines:
                if step in state.get("acked", ()):
                    continue
                cmid = f"{message.marker}-{step}"
                await socket.send(
                    json.dumps({"type": "message", "text": text, "client_message_id": cmid})
                )
                await _acknowledged(socket, cmid)
                state.setdefault("acked", []).append(step)
        return True


async def _frame(socket: Any, check: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    async with asyncio.timeout(ACK_WAIT_S):
        while True:
            frame: dict[str, Any] = json.loads(await socket.recv())
            if frame["type"] == "error" and frame.get("code") != "busy":
                raise OSError(f"chat refused: {frame}")
            if check(frame):
                return frame


async def _acknowledged(socket: Any, client_message_id: str) -> None:
    await _frame(
        socket, lambda f: f["type"] == "ack" and f["client_message_id"] == client_message_id
    )

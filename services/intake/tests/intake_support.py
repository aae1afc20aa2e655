"""What intake's tests share: a spy on published events, an SMTP client, WhatsApp signing.

Imported as `services.intake.tests.intake_support` (pytest runs with --import-mode=importlib).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import smtplib
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aio_pika
from aio_pika.abc import AbstractConnection

from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually, eventually_async, free_port

SUPPORT_ADDRESSES = ["suporte@acme.com.br", "support@acme.com"]
OWN_ADDRESSES = ["naoresponda@acme.com.br", "notificacoes@acme.com.br"]
WHATSAPP_SECRET = "d3adb33f-app-secret"
WHATSAPP_VERIFY_TOKEN = "meu-token-de-verificacao"
MAX_MESSAGE_BYTES = 2 * 1024 * 1024


def crlf(raw: bytes) -> bytes:
    """Line ends as they travel over SMTP."""
    return re.sub(rb"\r?\n", b"\r\n", raw)


def sign(body: bytes, secret: str = WHATSAPP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class SmtpReply:
    code: int
    text: str

    @property
    def inbound_id(self) -> str:
        """The id intake names in its 250 reply ("2.0.0 OK <outcome> <inbound id>")."""
        return self.text.split(" ", 3)[3]

    @property
    def outcome(self) -> str:
        return self.text.split(" ", 3)[2]


def send_mail(
    port: int,
    raw: bytes,
    *,
    recipients: tuple[str, ...] = ("suporte@acme.com.br",),
    sender: str = "cliente@example.com",
) -> SmtpReply:
    """One SMTP transaction with smtplib; returns the reply to DATA (or to a refused RCPT)."""
    with smtplib.SMTP("127.0.0.1", port, timeout=120) as client:
        client.ehlo()
        client.mail(sender)
        for recipient in recipients:
            code, text = client.rcpt(recipient)
            if code >= 400:
                return SmtpReply(code, text.decode())
        code, text = client.data(crlf(raw))
        return SmtpReply(code, text.decode())


def send_as_written(
    port: int,
    raw: bytes,
    *,
    sender: str = "cliente@example.com",
    recipient: str = "suporte@acme.com.br",
) -> SmtpReply:
    """One SMTP transaction on a raw socket, DATA sent byte for byte (bare LF stays bare LF,
    which smtplib would repair), ended by <CR><LF>.<CR><LF>."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
        replies = connection.makefile("rb")

        def reply() -> SmtpReply:
            lines = [replies.readline()]
            while lines[-1][3:4] == b"-":
                lines.append(replies.readline())
            return SmtpReply(int(lines[-1][:3]), lines[-1][4:].decode().strip())

        reply()  # greeting
        for command in (b"EHLO client.example", f"MAIL FROM:<{sender}>".encode()):
            connection.sendall(command + b"\r\n")
            reply()
        connection.sendall(f"RCPT TO:<{recipient}>\r\n".encode())
        if (answer := reply()).code >= 400:
            return answer
        connection.sendall(b"DATA\r\n")
        reply()
        ending = b"" if raw.endswith(b"\r\n") else b"\r\n"
        connection.sendall(raw + ending + b".\r\n")
        answer = reply()
        connection.sendall(b"QUIT\r\n")
        return answer


@dataclass
class EventSpy:
    """A durable queue of the test's own bound to the run's events exchange.

    Durable so that it keeps what was published across a broker stop; each read opens its own
    connection, so a broker restart does not break the spy.
    """

    amqp_url: str
    namespace: str
    binding: str = "intake.#"
    name: str = field(default_factory=lambda: f"spy.{uuid.uuid4().hex[:8]}")
    seen: list[dict[str, Any]] = field(default_factory=list)
    _connection: AbstractConnection | None = None

    @property
    def queue(self) -> str:
        return f"{self.namespace}{self.name}"

    async def declare(self) -> EventSpy:
        connection = await aio_pika.connect(self.amqp_url, timeout=10)
        async with connection:
            channel = await connection.channel()
            exchange = await channel.declare_exchange(
                f"{self.namespace}helpdesk.events", aio_pika.ExchangeType.TOPIC, durable=True
            )
            queue = await channel.declare_queue(self.queue, durable=True)
            await queue.bind(exchange, routing_key=self.binding)
        return self

    async def delete(self) -> None:
        if self._connection is not None:
            await self._connection.close()
        connection = await aio_pika.connect(self.amqp_url, timeout=10)
        async with connection:
            channel = await connection.channel()
            await channel.queue_delete(self.queue)

    async def _drain(self) -> None:
        try:
            if self._connection is None or self._connection.is_closed:
                self._connection = await aio_pika.connect(self.amqp_url, timeout=10)
            channel = await self._connection.channel()
            queue = await channel.get_queue(self.queue, ensure=False)
            while (message := await queue.get(no_ack=True, fail=False)) is not None:
                self.seen.append({"routing_key": message.routing_key, **json.loads(message.body)})
            await channel.close()
        except (aio_pika.exceptions.AMQPError, OSError, RuntimeError):
            # The broker went away (a test stops it): read again on a new connection.
            self._connection = None

    def matching(self, predicate: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
        return [event for event in self.seen if predicate(event)]

    async def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], *, count: int = 1, timeout: float = 60
    ) -> list[dict[str, Any]]:
        """The first `count` events matching, once they have all arrived."""

        async def arrived() -> list[dict[str, Any]] | None:
            await self._drain()
            found = self.matching(predicate)
            return found[:count] if len(found) >= count else None

        return await eventually_async(arrived, timeout=timeout, what=f"{count} event(s)")

    async def about(self, inbound_id: str, timeout: float = 60) -> dict[str, Any]:
        """The payload of the one message event for `inbound_id`."""
        events = await self.wait_for(
            lambda e: e["payload"].get("inbound_id") == inbound_id, timeout=timeout
        )
        payload: dict[str, Any] = events[0]["payload"]
        return payload


@dataclass
class IntakeUnderTest:
    """A running intake process: its HTTP URL, SMTP port and isolated run."""

    process: ServiceProcess
    smtp_port: int
    run: IsolatedRun

    @property
    def url(self) -> str:
        return self.process.url

    @property
    def amqp_url(self) -> str:
        return self.run.infrastructure.amqp_url


def unique_mail(
    subject: str = "Preciso de ajuda", body: str = "Olá, preciso de ajuda.", headers: str = ""
) -> bytes:
    """A plain customer email with a Message-ID no other test uses."""
    return (
        f"From: Ana Souza <ana.souza@example.com.br>\r\nTo: suporte@acme.com.br\r\n{headers}"
        f"Message-ID: <{uuid.uuid4().hex}@example.com.br>\r\nSubject: {subject}\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()


def smtp_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


def start_intake(run: IsolatedRun, log_dir: Path, **extra: str) -> tuple[ServiceProcess, int]:
    smtp_port = free_port()
    environment = run.environment(
        HELPDESK_SMTP_PORT=str(smtp_port),
        HELPDESK_SUPPORT_ADDRESSES=json.dumps(SUPPORT_ADDRESSES),
        HELPDESK_OWN_ADDRESSES=json.dumps(OWN_ADDRESSES),
        HELPDESK_MAX_MESSAGE_BYTES=str(MAX_MESSAGE_BYTES),
        HELPDESK_WHATSAPP_APP_SECRET=WHATSAPP_SECRET,
        HELPDESK_WHATSAPP_VERIFY_TOKEN=WHATSAPP_VERIFY_TOKEN,
        HELPDESK_LOG_LEVEL="INFO",
        **extra,
    )
    process = ServiceProcess("intake", environment, log_dir).start()
    eventually(lambda: smtp_answers(smtp_port), timeout=60, what="intake SMTP listening")
    return process, smtp_port

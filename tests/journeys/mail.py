"""Mail on both sides of the system: a customer's SMTP client and the relay notify sends through.

The relay is a real aiosmtpd server on loopback, in its own thread, as a separate host would be.
"""

from __future__ import annotations

import smtplib
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr
from typing import Any

from aiosmtpd.controller import Controller

from tests.support.processes import eventually, free_port

SUPPORT_DOMAIN = "acme.com.br"
SUPPORT_ADDRESS = f"suporte@{SUPPORT_DOMAIN}"


@dataclass
class CapturingRelay:
    """Keeps every message notify hands over (what the customer's mailbox would receive)."""

    messages: list[EmailMessage] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        with self._lock:
            self.messages.append(parsed)
        return "250 2.0.0 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self.messages if address in str(m["To"])]

    def wait_for(
        self, address: str, what: str, check: Callable[[EmailMessage], bool], timeout: float = 60
    ) -> EmailMessage:
        """The first message to `address` that passes `check`, once it has arrived."""

        def found() -> EmailMessage | None:
            return next((m for m in self.to(address) if check(m)), None)

        return eventually(found, timeout=timeout, what=f"{what} (mail to {address})")


class RelayServer:
    """The capturing relay on a free loopback port."""

    def __init__(self) -> None:
        self.relay = CapturingRelay()
        self.port = free_port()
        self._controller = Controller(self.relay, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> RelayServer:
        self._controller.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._controller.stop()


def body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the message has no text/plain body"
    return str(part.get_content())


def customer_email(
    *, sender: str, to: str, subject: str, text: str, headers: dict[str, str] | None = None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Ana Souza <{sender}>"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(idstring=uuid.uuid4().hex[:8], domain="example.com.br")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    return message


def reply_to(received: EmailMessage, *, sender: str, text: str) -> EmailMessage:
    """What a mail client sends when the customer answers `received`: threaded, to Reply-To."""
    message_id = str(received["Message-ID"])
    references = f"{received['References']} {message_id}" if received["References"] else message_id
    quoted = "\n".join(f"> {line}" for line in body_text(received).splitlines())
    return customer_email(
        sender=sender,
        to=str(received["Reply-To"]),
        subject=f"Re: {received['Subject']}",
        text=f"{text}\n\nEm {received['Date']}, Suporte escreveu:\n{quoted}\n",
        headers={"In-Reply-To": message_id, "References": references},
    )


def send(port: int, message: EmailMessage) -> str:
    """One SMTP transaction into intake's listener; the 250 reply text (fails otherwise)."""
    sender = parseaddr(str(message["From"]))[1]
    recipient = parseaddr(str(message["To"]))[1]
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        client.ehlo()
        client.mail(sender)
        code, text = client.rcpt(recipient)
        assert code == 250, f"RCPT {recipient} refused: {code} {text!r}"
        code, text = client.data(message.as_bytes(policy=policy.SMTP))
        assert code == 250, f"DATA refused: {code} {text!r}"
        return text.decode()

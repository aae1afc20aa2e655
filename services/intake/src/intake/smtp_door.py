"""The SMTP listener: aiosmtpd on the service's own event loop, one reply code per outcome.

250 once the message is archived (with its event waiting in the outbox), 550 for a mailbox that
is not ours, 552 for oversize mail (SIZE is advertised), 554 for input that is not an email,
451 when the archive cannot be written, so that the sending server retries later.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import structlog
from aiosmtpd.smtp import SMTP, Envelope, Session

from intake.adapters.archive import ArchiveUnavailable
from intake.domain.threading_hints import support_address
from intake.handlers.mail import receive_email
from intake.handlers.reception import InboundRefused, Reception
from intake.smtp_line_endings import BareLineFeeds

log = structlog.get_logger(__name__)
# aiosmtpd logs every SMTP command at INFO; our own lines say what happened to each message.
logging.getLogger("mail.log").setLevel(logging.WARNING)
_REFUSALS = {
    "too_large": "552 5.3.4",
    "unparseable": "554 5.6.0",
    "invalid_sender": "550 5.1.7",
    "invalid": "554 5.6.0",
}
BIND_RETRY_S = 5.0


class MailDoor:
    """aiosmtpd handler: recipients must be support mailboxes; DATA goes through intake."""

    def __init__(self, reception: Reception) -> None:
        self._reception = reception

    async def handle_RCPT(  # noqa: N802 (aiosmtpd's hook name)
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if support_address([address], self._reception.policy.support_addresses) is None:
            return f"550 5.1.1 <{address}>: no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(  # noqa: N802 (aiosmtpd's hook name)
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        raw = envelope.original_content or b""
        try:
            received = await receive_email(
                bytes(raw),
                reception=self._reception,
                envelope_sender=envelope.mail_from,
                envelope_recipients=list(envelope.rcpt_tos),
            )
        except InboundRefused as refusal:
            log.warning("mail refused", code=refusal.code, reason=refusal.reason)
            return f"{_REFUSALS[refusal.code]} {refusal.reason}"
        except ArchiveUnavailable as error:
            log.error("mail could not be stored, asking the sender to retry", error=str(error))
            return "451 4.3.0 Message could not be stored now; please try again later"
        except Exception:  # unknown failure: a temporary error keeps the mail on the sender's side
            log.exception("mail handling failed, asking the sender to retry")
            return "451 4.3.0 Temporary failure; please try again later"
        return f"250 2.0.0 OK {received.outcome} {received.inbound_id}"


class _SmtpSession(SMTP):
    """aiosmtpd's protocol with bare LF line endings read as CRLF (see smtp_line_endings)."""

    def __init__(self, handler: MailDoor, **settings: Any) -> None:
        super().__init__(handler, **settings)
        self._line_endings = BareLineFeeds(self.line_length_limit)

    def data_received(self, data: bytes) -> None:
        super().data_received(self._line_endings.feed(data))


class SmtpListener:
    """Listens on host:port on the running loop; keeps trying when the port is taken."""

    def __init__(
        self, reception: Reception, *, host: str, port: int, hostname: str, max_bytes: int
    ) -> None:
        self._door = MailDoor(reception)
        self._host, self._port, self._hostname, self._max_bytes = host, port, hostname, max_bytes
        self._server: asyncio.Server | None = None
        self._binding: asyncio.Task[None] | None = None

    def _protocol(self) -> SMTP:
        return _SmtpSession(
            self._door,
            data_size_limit=self._max_bytes,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname=self._hostname,
            ident="helpdesk intake",
            timeout=120,
        )

    async def _bind(self) -> None:
        loop = asyncio.get_running_loop()
        while self._server is None:
            try:
                self._server = await loop.create_server(self._protocol, self._host, self._port)
            except OSError as error:
                log.error("SMTP listener cannot bind, retrying", port=self._port, error=str(error))
                await asyncio.sleep(BIND_RETRY_S)
        log.info("SMTP listener started", host=self._host, port=self._port)

    async def start(self) -> None:
        """Listen now when the port is free, else keep trying in the background."""
        self._binding = asyncio.create_task(self._bind(), name="smtp-bind")
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._binding), timeout=2)

    async def stop(self) -> None:
        if self._binding is not None:
            self._binding.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._binding
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._server.wait_closed(), timeout=5)
            self._server = None

"""Handing email to the configured SMTP relay (aiosmtplib) and classifying its answer.

The message's content goes out first; the final ``.`` that makes the relay take it goes out
only once the hand-over is stored (see `notify.domain.hand_over`)."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import aiosmtplib
from aiosmtplib.protocol import PERIOD_REGEX, normalize_message_line_endings
from aiosmtplib.typing import SMTPStatus

from notify.domain.hand_over import HandOver, HandOverRefused, not_handed_over
from notify.domain.outcomes import SendOutcome, accepted, classify_smtp_reply, connection_failure


@dataclass(frozen=True)
class SmtpRelayConfig:
    host: str
    port: int
    starttls: bool = False
    implicit_tls: bool = False
    username: str | None = None
    password: str | None = None
    timeout_s: float = 30.0


class SmtpRelay:
    """One connection per message: the relay decides per message, and a refusal stays local."""

    def __init__(self, config: SmtpRelayConfig) -> None:
        self._config = config

    async def send(
        self, message: EmailMessage, *, sender: str, recipient: str, hand_over: HandOver
    ) -> SendOutcome:
        """Accepted (with our Message-ID as provider id), transient (4xx, network, hand-over not
        stored) or permanent.

        The envelope names `sender` and `recipient` as given, never as read back from the
        headers: a display name that a header parser misreads must not add recipients."""
        config = self._config
        client = _HandingOverSMTP(
            hand_over,
            hostname=config.host,
            port=config.port,
            start_tls=config.starttls,
            use_tls=config.implicit_tls,
            username=config.username,
            password=config.password,
            timeout=config.timeout_s,
        )
        try:
            async with client:
                await client.send_message(message, sender=sender, recipients=[recipient])
        except HandOverRefused as refused:
            return not_handed_over(str(refused))
        except aiosmtplib.SMTPRecipientsRefused as refused:
            first = refused.recipients[0]
            return classify_smtp_reply(first.code, first.message)
        except aiosmtplib.SMTPResponseException as refusal:
            return classify_smtp_reply(refusal.code, refusal.message)
        except (aiosmtplib.SMTPException, OSError) as failure:
            # Connect errors, timeouts, disconnects, STARTTLS missing: the relay may be back later.
            return connection_failure(f"{type(failure).__name__}: {failure}"[:300])
        return accepted(str(message["Message-ID"]))


class _HandingOverSMTP(aiosmtplib.SMTP):
    """aiosmtplib's client with a DATA that stores the hand-over before the final dot."""

    def __init__(self, hand_over: HandOver, **options: Any) -> None:
        super().__init__(**options)
        self._hand_over = hand_over

    async def data(self, message: str | bytes, /, **_: Any) -> aiosmtplib.SMTPResponse:
        start = await self.execute_command(b"DATA")
        if start.code != SMTPStatus.start_input:
            raise aiosmtplib.SMTPDataError(start.code, start.message)
        if self.protocol is None:
            raise aiosmtplib.SMTPServerDisconnected("Connection lost")
        self.protocol.write(_dot_stuffed(message))
        try:
            await self._hand_over()
        except HandOverRefused:
            self.close()  # the relay never sees the final dot and drops what it received
            raise
        reply = await self.execute_command(b".")
        if reply.code != SMTPStatus.completed:
            raise aiosmtplib.SMTPDataError(reply.code, reply.message)
        return reply


def _dot_stuffed(message: str | bytes) -> bytes:
    """The content as DATA carries it: CRLF line ends, a leading dot doubled, ending in CRLF
    (the final ``.`` line is sent on its own)."""
    content = message.encode("ascii") if isinstance(message, str) else message
    content = PERIOD_REGEX.sub(b"..", normalize_message_line_endings(content))
    return content if content.endswith(b"\r\n") else content + b"\r\n"

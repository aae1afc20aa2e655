"""Handing email to the configured SMTP relay (aiosmtplib) and classifying its answer."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage

import aiosmtplib

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

    async def send(self, message: EmailMessage, *, sender: str, recipient: str) -> SendOutcome:
        """Accepted (with our Message-ID as provider id), transient (4xx, network) or permanent.

        The envelope names `sender` and `recipient` as given, never as read back from the
        headers: a display name that a header parser misreads must not add recipients."""
        config = self._config
        try:
            await aiosmtplib.send(
                message,
                sender=sender,
                recipients=[recipient],
                hostname=config.host,
                port=config.port,
                start_tls=config.starttls,
                use_tls=config.implicit_tls,
                username=config.username,
                password=config.password,
                timeout=config.timeout_s,
            )
        except aiosmtplib.SMTPRecipientsRefused as refused:
            first = refused.recipients[0]
            return classify_smtp_reply(first.code, first.message)
        except aiosmtplib.SMTPResponseException as refusal:
            return classify_smtp_reply(refusal.code, refusal.message)
        except (aiosmtplib.SMTPException, OSError) as failure:
            # Connect errors, timeouts, disconnects, STARTTLS missing: the relay may be back later.
            return connection_failure(f"{type(failure).__name__}: {failure}"[:300])
        return accepted(str(message["Message-ID"]))

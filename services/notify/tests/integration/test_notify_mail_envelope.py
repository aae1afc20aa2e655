"""Whatever a requester's name says, the mail goes to their address only: the SMTP envelope is
built from the address on file, never read back from the To header (a name listing addresses,
misfolded, once put strangers in RCPT TO)."""

from __future__ import annotations

import pytest

from services.notify.tests.integration.notify_events import created, next_ticket_number, snapshot
from services.notify.tests.integration.notify_world import NotifyWorld
from tests.support.processes import eventually_async

pytestmark = pytest.mark.integration
STRANGERS = "Maria <maria@example.com>, Joao <joao@example.com>, Pedro Oliveira <pedro@example.com>"
INJECTION = "=?utf-8?q?Cliente=0D=0AReply-To=3A_x=40evil.example?="


@pytest.mark.parametrize("name", [STRANGERS, INJECTION])
async def test_the_envelope_names_only_the_requester_whatever_their_name(
    notify_world: NotifyWorld, name: str
) -> None:
    number = next_ticket_number()
    address = f"envelope.{number}@example.com.br"
    ticket = snapshot(number, email=address)
    requester = ticket.requester.model_copy(update={"name": name})
    await notify_world.publish(created(ticket.model_copy(update={"requester": requester})))

    async def sent() -> list[tuple[str, list[str]]] | None:
        found = [e for e in notify_world.relay.envelopes if address in e[1]]
        return found or None

    [(mail_from, recipients)] = await eventually_async(sent, timeout=45, what="the confirmation")
    assert recipients == [address]
    assert mail_from == "suporte@acme.com.br"
    [mail] = notify_world.relay.to(address)
    assert mail.get_all("Reply-To") == [f"suporte+tk{number}@acme.com.br"]

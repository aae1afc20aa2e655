"""Helpers for the chat tests that drive real WebSocket clients against real chat processes."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import aio_pika
import httpx
import websockets

from helpdesk_contracts.common import Requester
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events.tickets import TicketCreated, TicketStatusChanged
from helpdesk_contracts.topology import EVENTS_EXCHANGE
from tests.support.events import ticket_snapshot
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually, eventually_async
from tests.support.staff import announce_staff, staff_member

AGENTS = {
    "tok-carla": staff_member("Carla", groups=("billing",), agent_id="carla"),
    "tok-diego": staff_member("Diego", agent_id="diego"),
}
"""The agents on duty in these tests, by nickname; their tokens reach chat as tickets would
announce them (`chat_processes`)."""
Frame = dict[str, Any]


def chat_environment(run: IsolatedRun, **extra: str) -> dict[str, str]:
    return run.environment(
        HELPDESK_OUTBOX_POLL_S="0.2",
        HELPDESK_SWEEP_INTERVAL_S="0.5",
        **extra,
    )


def _is_ready(process: ServiceProcess) -> bool:
    return process.ready_status() == 200


@contextlib.contextmanager
def chat_processes(
    environment: dict[str, str], log_dir: Path, count: int = 1
) -> Iterator[list[ServiceProcess]]:
    processes = [ServiceProcess("chat", environment, log_dir).start() for _ in range(count)]
    try:
        for process in processes:
            eventually(partial(_is_ready, process), timeout=90, what="chat ready")
        _announce_agents(environment, processes[0])
        yield processes
    finally:
        for process in processes:
            process.stop()
        for path in sorted(log_dir.glob("*.log")):
            print(
                f"--- {path.name}\n"
                + "\n".join(path.read_text(errors="replace").splitlines()[-20:])
            )


def _announce_agents(environment: dict[str, str], process: ServiceProcess) -> None:
    """Publish AGENTS as tickets' staff directory would; wait until chat accepts their tokens
    (replicas share the copy in their database)."""
    amqp_url, namespace = environment["HELPDESK_AMQP_URL"], environment["HELPDESK_NAMESPACE"]
    asyncio.run(announce_staff(amqp_url, namespace, *AGENTS.values()))
    for member in AGENTS.values():
        eventually(partial(accepts_agent, process, member.token), what=f"chat knows {member.name}")


def accepts_agent(process: ServiceProcess, token: str) -> bool:
    """Whether chat accepts the staff token (it learns tokens from tickets' staff directory)."""
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.get(f"{process.url}/v1/agent/me", headers=headers).status_code == 200


def ws_url(process: ServiceProcess, path: str) -> str:
    return f"ws://127.0.0.1:{process.port}{path}"


class Client:
    """A WebSocket client that records every frame it receives."""

    def __init__(self, connection: websockets.ClientConnection) -> None:
        self.connection = connection
        self.frames: list[Frame] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for raw in self.connection:
                self.frames.append(json.loads(raw))

    async def send(self, **frame: Any) -> None:
        await self.connection.send(json.dumps(frame))

    async def wait_for(
        self, check: Callable[[Frame], bool], what: str, timeout: float = 20
    ) -> Frame:
        async def found() -> Frame | None:
            return next((frame for frame in self.frames if check(frame)), None)

        return await eventually_async(found, timeout=timeout, what=what)

    async def wait_text(self, fragment: str, timeout: float = 60) -> Frame:
        return await self.wait_for(
            lambda f: f["type"] == "message" and fragment in f["message"]["text"],
            f"a message with {fragment!r}; got {self.texts()[-5:]}",
            timeout,
        )

    def messages(self, session_id: str | None = None) -> list[Frame]:
        return [
            f["message"]
            for f in self.frames
            if f["type"] == "message" and (session_id is None or f["session_id"] == session_id)
        ]

    def texts(self, session_id: str | None = None) -> list[str]:
        return [message["text"] for message in self.messages(session_id)]

    async def close(self) -> None:
        await self.connection.close()
        await self._reader


@contextlib.asynccontextmanager
async def customer(process: ServiceProcess, **start: Any) -> AsyncIterator[Client]:
    async with websockets.connect(ws_url(process, "/v1/chat/ws")) as connection:
        client = Client(connection)
        if start:
            await client.send(type="start", **start)
            await client.wait_for(lambda f: f["type"] == "session", "the session frame")
        yield client
        await client.close()


@contextlib.asynccontextmanager
async def agent(process: ServiceProcess, nickname_or_token: str) -> AsyncIterator[Client]:
    """An agent on the agent WebSocket: one of AGENTS by nickname, or any staff token."""
    member = AGENTS.get(nickname_or_token)
    token = member.token if member else nickname_or_token
    async with websockets.connect(
        ws_url(process, "/v1/agent/ws"), additional_headers={"Authorization": f"Bearer {token}"}
    ) as connection:
        client = Client(connection)
        await client.wait_for(lambda f: f["type"] == "hello", "the hello frame")
        yield client
        await client.close()


def session_of(client: Client) -> Frame:
    return next(frame for frame in client.frames if frame["type"] == "session")


async def hand_over(customer: Client, agent: Client, agent_name: str) -> str:
    """The customer asks for an agent, who accepts from the queue once it shows there; returns
    the conversation's id once both sides know (the customer is told, the agent is assigned)."""
    session_id: str = session_of(customer)["session_id"]
    await customer.send(type="message", text="atendente")
    await customer.wait_text("na posição")
    await agent.wait_for(
        lambda f: f["type"] == "queue" and any(i["session_id"] == session_id for i in f["items"]),
        f"the conversation in {agent_name}'s queue",
    )
    await agent.send(type="accept", session_id=session_id)
    await customer.wait_text(f"{agent_name} entrou na conversa")
    await agent.wait_for(
        lambda f: f["type"] == "assigned" and f["session_id"] == session_id, "assigned"
    )
    return session_id


async def publish_ticket(
    run: IsolatedRun,
    number: int,
    email: str,
    *,
    status: str = "new",
    channel: str = "email",
    version: int = 1,
) -> None:
    """What the tickets service would publish: ticket.created, or status_changed after it."""
    requester = Requester(contact_id=f"c-{email}", name="Cliente", email=email)
    snapshot = ticket_snapshot(
        number, requester=requester, status=status, channel=channel, version=version
    )
    envelope: Envelope[Any]
    if version == 1:
        envelope = new_envelope(TicketCreated(ticket=snapshot), producer="tickets")
    else:
        changed = TicketStatusChanged(ticket=snapshot, from_status="new", to_status=status)
        envelope = new_envelope(changed, producer="tickets")
    from tests.support.events import publish_event

    await publish_event(run.infrastructure.amqp_url, run.namespace, envelope)


class EventTap:
    """An exclusive queue on the events exchange, as a consumer service would bind one."""

    def __init__(self, run: IsolatedRun, routing_key: str) -> None:
        self.run, self.routing_key = run, routing_key
        self.events: list[Frame] = []

    async def __aenter__(self) -> EventTap:
        self._connection = await aio_pika.connect(self.run.infrastructure.amqp_url)
        channel = await self._connection.channel()
        exchange = await channel.declare_exchange(
            self.run.namespace + EVENTS_EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True
        )
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        await queue.bind(exchange, routing_key=self.routing_key)

        async def keep(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            self.events.append(json.loads(message.body))

        await queue.consume(keep, no_ack=True)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._connection.close()

    async def wait_for(self, check: Callable[[Frame], bool], what: str) -> Frame:
        """The payload of the first event that passes `check`."""

        async def found() -> Frame | None:
            return next((e["payload"] for e in self.events if check(e["payload"])), None)

        return await eventually_async(found, timeout=60, what=what)


def closed_calendar_file(folder: Path) -> Path:
    """An sla configuration whose calendars are closed from yesterday to tomorrow (UTC)."""
    today = datetime.now(UTC).date()
    closed = [str(today + timedelta(days=offset)) for offset in (-1, 0, 1)]
    all_day = {
        day: ["00:00-24:00"]
        for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    }
    calendar = {
        "timezone": "UTC",
        "opening_hours": all_day,
        "holidays": None,
        "closed_dates": closed,
    }
    path = folder / "closed-calendar.yaml"
    path.write_text(json.dumps({"calendars": {"business": calendar, "24x7": calendar}}))
    return path


def opening_day() -> date:
    return datetime.now(UTC).date() + timedelta(days=2)

"""Consumers on the real broker: contracts enforced, effects applied once, failures retried."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import structlog
import structlog.testing
from prometheus_client import generate_latest

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events.tickets import TicketCreated
from helpdesk_contracts.inbound import REJECTION_HEADER
from helpdesk_runtime.delivery import Delivery
from helpdesk_runtime.service import ServiceRuntime
from tests.support.amqp import get_message
from tests.support.events import publish, publish_event, ticket_created
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async, metric_value
from tests.support.runtime import HeldHandler


class RecordingHandler:
    """Records what it applied; fails the first `failures` calls as a flaky dependency would."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.calls = 0
        self.applied: list[str] = []

    async def __call__(self, envelope: Envelope[Any]) -> None:
        self.calls += 1
        if self.calls <= self.failures:
            raise ConnectionError("dependency unavailable")
        self.applied.append(str(envelope.event_id))


def sla_runtime(run: IsolatedRun, handler: RecordingHandler) -> ServiceRuntime:
    runtime = ServiceRuntime(service="sla", settings=run.settings())
    runtime.subscribe_events("ticket-events", {TicketCreated: handler})
    return runtime


async def test_event_missing_a_required_field_goes_to_dead_letter_queue_with_reason(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    handler = RecordingHandler()
    await start_runtime(sla_runtime(isolated_run, handler))
    body = json.loads(ticket_created().model_dump_json())
    del body["payload"]["ticket"]["requester"]

    amqp = isolated_run.infrastructure.amqp_url
    await publish(amqp, isolated_run.namespace, "ticket.created.v1", json.dumps(body).encode())

    dead = await get_message(amqp, f"{isolated_run.namespace}sla.dlq")
    assert "payload.ticket.requester" in str(dead.headers[REJECTION_HEADER])
    assert json.loads(dead.body) == body
    assert handler.applied == []


async def test_same_event_delivered_twice_is_applied_once(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    handler = RecordingHandler()
    await start_runtime(sla_runtime(isolated_run, handler))
    event = ticket_created()
    amqp = isolated_run.infrastructure.amqp_url

    await publish_event(amqp, isolated_run.namespace, event)
    await publish_event(amqp, isolated_run.namespace, event)
    await publish_event(amqp, isolated_run.namespace, ticket_created(100002))

    async def two_applied() -> bool:
        return len(handler.applied) == 2

    await eventually_async(two_applied, what="both distinct events applied")
    assert handler.applied.count(str(event.event_id)) == 1


async def test_failing_handler_is_retried_through_the_broker_until_it_succeeds(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    handler = RecordingHandler(failures=2)
    await start_runtime(sla_runtime(isolated_run, handler))
    event = ticket_created()

    await publish_event(isolated_run.infrastructure.amqp_url, isolated_run.namespace, event)

    async def applied() -> bool:
        return handler.applied == [str(event.event_id)]

    await eventually_async(applied, what="applied after two broker-delayed retries")
    assert handler.calls == 3


async def test_handler_that_never_succeeds_ends_in_dead_letter_queue(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    handler = RecordingHandler(failures=100)
    await start_runtime(sla_runtime(isolated_run, handler))
    amqp = isolated_run.infrastructure.amqp_url

    await publish_event(amqp, isolated_run.namespace, ticket_created())

    dead = await get_message(amqp, f"{isolated_run.namespace}sla.dlq")
    assert "gave up after 3 attempts" in str(dead.headers[REJECTION_HEADER])
    assert "dependency unavailable" in str(dead.headers[REJECTION_HEADER])
    assert handler.calls == 3


async def test_applied_events_are_forgotten_after_the_retention_by_a_ttl_index(
    isolated_run: IsolatedRun,
) -> None:
    runtime = ServiceRuntime(service="sla", settings=isolated_run.settings(inbox_retention_days=3))
    await runtime.inbox.ensure_indexes()

    indexes = await runtime.db["inbox"].index_information()

    ttl = [index for index in indexes.values() if index["key"] == [("applied_at", 1)]]
    assert [index.get("expireAfterSeconds") for index in ttl] == [3 * 86_400]
    await runtime.mongo.close()


async def test_an_inbox_index_from_before_the_ttl_becomes_one_at_start_up(
    isolated_run: IsolatedRun,
) -> None:
    runtime = ServiceRuntime(service="sla", settings=isolated_run.settings(inbox_retention_days=14))
    await runtime.db["inbox"].create_index("applied_at")  # as deployed before: pruned by a loop

    await runtime.inbox.ensure_indexes()

    indexes = await runtime.db["inbox"].index_information()
    assert indexes["applied_at_1"].get("expireAfterSeconds") == 14 * 86_400
    await runtime.mongo.close()


async def test_copies_arriving_together_are_applied_once(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    slow_handler = HeldHandler()

    runtime = ServiceRuntime(service="sla", settings=isolated_run.settings())
    runtime.subscribe_events("ticket-events", {TicketCreated: slow_handler})
    await start_runtime(runtime)
    event = ticket_created()
    amqp = isolated_run.infrastructure.amqp_url

    await publish_event(amqp, isolated_run.namespace, event)
    await asyncio.wait_for(slow_handler.entered.wait(), timeout=15)
    await publish_event(amqp, isolated_run.namespace, event)  # arrives while the first is applied

    async def told_busy() -> float:
        return counted(runtime, "busy")

    await eventually_async(told_busy, what="the second copy waits for the first")
    slow_handler.release.set()

    async def skipped() -> float:
        return counted(runtime, "duplicate")

    await eventually_async(skipped, what="the second copy skipped once the first is applied")
    assert slow_handler.applied == [str(event.event_id)]


def counted(runtime: ServiceRuntime, outcome: str) -> float:
    return metric_value(
        generate_latest(runtime.registry).decode(),
        "helpdesk_messages_total",
        queue="sla.ticket-events",
        outcome=outcome,
    )


async def test_the_sender_hears_of_a_delivery_given_up_before_it_is_dead_lettered(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    """As when the database refuses a value on every attempt: the give-up hook learns which
    event and why, so the service can tell whoever is waiting on it."""
    told: list[tuple[str, str]] = []

    async def on_give_up(delivery: Delivery, reason: str) -> None:
        told.append((json.loads(delivery.body)["event_id"], reason))

    runtime = ServiceRuntime(service="sla", settings=isolated_run.settings())
    handler = RecordingHandler(failures=100)
    runtime.subscribe_events("ticket-events", {TicketCreated: handler}, on_give_up=on_give_up)
    await start_runtime(runtime)
    event = ticket_created()

    await publish_event(isolated_run.infrastructure.amqp_url, isolated_run.namespace, event)

    await get_message(isolated_run.infrastructure.amqp_url, f"{isolated_run.namespace}sla.dlq")
    [(event_id, reason)] = told
    assert event_id == str(event.event_id)
    assert reason.startswith("gave up after 3 attempts: ConnectionError")


async def test_every_log_line_of_a_handled_event_carries_that_events_ids(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    """Deliveries are handled concurrently; none of them logs with another one's ids."""
    log = structlog.get_logger("test")
    handled: list[str] = []

    async def handler(envelope: Envelope[Any]) -> None:
        log.info("applying", handled=str(envelope.event_id))
        await asyncio.sleep(0)  # let the other deliveries interleave
        log.info("applied", handled=str(envelope.event_id))
        handled.append(str(envelope.event_id))

    runtime = ServiceRuntime(service="sla", settings=isolated_run.settings())
    runtime.subscribe_events("ticket-events", {TicketCreated: handler})
    await start_runtime(runtime)
    events = [ticket_created(100001 + number) for number in range(5)]
    amqp = isolated_run.infrastructure.amqp_url

    with structlog.testing.capture_logs([structlog.contextvars.merge_contextvars]) as lines:
        for event in events:
            await publish_event(amqp, isolated_run.namespace, event)

        async def all_handled() -> bool:
            return len(handled) == len(events)

        await eventually_async(all_handled, what="every event handled")

    mine = [line for line in lines if "handled" in line]
    assert len(mine) == 2 * len(events)
    by_id = {str(event.event_id): event.correlation_id for event in events}
    for line in mine:
        assert line["event_id"] == line["handled"]
        assert line["correlation_id"] == by_id[line["handled"]]
        assert line["queue"] == f"{isolated_run.namespace}sla.ticket-events"

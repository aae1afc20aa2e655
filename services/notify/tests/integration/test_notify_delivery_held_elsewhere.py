"""An event whose delivery another worker is sending waits for it instead of using up its
attempts: the chaos suite's database restart left a worker holding a delivery for its whole
send lease (30 s) while the other copy of the event ran through its retries into the
dead-letter queue."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from pymongo import AsyncMongoClient

from helpdesk_runtime.inbox import EventInProgress
from notify.adapters.delivery_documents import DeliveryRecord
from notify.adapters.delivery_log import DeliveryLog
from notify.dependencies import NotifyDependencies
from notify.domain.contacts import Channel, Contact
from notify.domain.delivery import DeliveryKey
from notify.domain.kinds import NotificationKind
from notify.domain.notifications import NotificationRequest
from notify.sending import attempt_delivery
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun

pytestmark = pytest.mark.integration
LEASE = timedelta(seconds=30)


@pytest.fixture
async def deliveries(infrastructure: Infrastructure) -> AsyncIterator[DeliveryLog]:
    run = IsolatedRun(infrastructure)
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(infrastructure.mongo_url)
    try:
        yield DeliveryLog(client[f"{run.database}_notify"]["deliveries"])
    finally:
        await client.drop_database(f"{run.database}_notify")
        await client.close()


async def test_a_delivery_another_worker_is_sending_puts_its_event_back_without_using_an_attempt(
    deliveries: DeliveryLog,
) -> None:
    customer = Contact(contact_id="contact-1", name="Ana Souza", email="ana@example.com")
    request = NotificationRequest(
        event_id=uuid.uuid4(),
        kind=NotificationKind.PENDING_REMINDER,
        ticket_number="2026000001",
        recipients=(customer,),
        parameters={"business_days": 3},
    )
    key = DeliveryKey(event_id=request.event_id, channel=Channel.EMAIL, recipient="contact-1")
    record = DeliveryRecord(key, request, "ana@example.com", None, "c")
    await deliveries.plan([record], [], datetime.now(UTC))
    assert await deliveries.claim(key, now=datetime.now(UTC), lease=LEASE)  # the other worker

    deps = cast(NotifyDependencies, _Held(deliveries, LEASE))
    with pytest.raises(EventInProgress):  # the runtime's "come back later", not a failure
        await attempt_delivery(record, deps)


class _Held:
    """The two dependencies a claim uses (nothing is sent when it fails)."""

    def __init__(self, deliveries: DeliveryLog, send_lease: timedelta) -> None:
        self.deliveries, self.send_lease = deliveries, send_lease

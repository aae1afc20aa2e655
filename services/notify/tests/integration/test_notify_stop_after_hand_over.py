"""A notify process killed -9 after its SMTP relay and the WhatsApp Cloud API took a message, but
before their reply was recorded: the next process records the message as sent and does not send
it again (the chaos suite's notify kill sent one ticket_created e-mail twice). The WhatsApp
message's later status callbacks still find it, by the callback data sent with it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from helpdesk_contracts.envelope import new_envelope
from helpdesk_contracts.events.intake import DeliveryStatus
from services.notify.tests.integration.conftest import TEMPLATES
from services.notify.tests.integration.notify_events import created, next_ticket_number, snapshot
from services.notify.tests.integration.notify_fakes import (
    PHONE_NUMBER_ID,
    TOKEN,
    CloudApiServer,
    SmtpServer,
)
from tests.support.events import publish_event
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually, eventually_async

pytestmark = pytest.mark.e2e
SEND_LEASE_S = 2


def notify_process(
    run: IsolatedRun, smtp: SmtpServer, cloud: CloudApiServer, logs: Path
) -> ServiceProcess:
    environment = run.environment(
        HELPDESK_LOG_LEVEL="WARNING",
        HELPDESK_SMTP_HOST="127.0.0.1",
        HELPDESK_SMTP_PORT=str(smtp.port),
        HELPDESK_MAIL_DOMAIN="acme.com.br",
        HELPDESK_WHATSAPP_BASE_URL=cloud.base_url,
        HELPDESK_WHATSAPP_PHONE_NUMBER_ID=PHONE_NUMBER_ID,
        HELPDESK_WHATSAPP_TOKEN=TOKEN,
        HELPDESK_WHATSAPP_TEMPLATES=json.dumps(TEMPLATES),
        HELPDESK_SEND_LEASE_S=str(SEND_LEASE_S),
    )
    process = ServiceProcess("notify", environment, logs).start()
    eventually(lambda: process.ready_status() == 200, timeout=90, what="notify ready")
    return process


async def test_a_message_taken_just_before_its_sender_died_is_recorded_and_not_sent_twice(
    infrastructure: Infrastructure, tmp_path: Path
) -> None:
    run = IsolatedRun(infrastructure)
    by_mail, by_whatsapp = next_ticket_number(), next_ticket_number()
    phone = f"55119{by_whatsapp % 10**8:08d}"
    processes: list[ServiceProcess] = []
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(infrastructure.mongo_url)
    deliveries = client[f"{run.database}_notify"]["deliveries"]
    try:
        with SmtpServer() as smtp, CloudApiServer() as cloud:
            smtp.relay.hold_reply_s = cloud.record.hold_reply_s = 60
            processes.append(notify_process(run, smtp, cloud, tmp_path))
            for ticket in (snapshot(by_mail), snapshot(by_whatsapp, email=None, whatsapp_id=phone)):
                await publish_event(infrastructure.amqp_url, run.namespace, created(ticket))
            eventually(
                lambda: smtp.relay.messages and cloud.record.to(phone),
                timeout=60,
                what="the relay and the Cloud API holding their replies",
            )
            processes[0].kill()
            smtp.relay.hold_reply_s = cloud.record.hold_reply_s = 0
            processes.append(notify_process(run, smtp, cloud, tmp_path))

            async def both_sent() -> list[dict[str, Any]] | None:
                sent = await deliveries.find({"status": "sent"}).to_list()
                return sent if len(sent) == 2 else None

            sent = await eventually_async(both_sent, timeout=60, what="both deliveries sent")
            assert len(smtp.relay.messages) == 1
            assert len(cloud.record.to(phone)) == 1
            for delivery in sent:
                last = delivery["attempt_log"][-1]
                assert last["outcome"] == "accepted"
                assert "not sent again" in last["detail"]
            mail = next(d for d in sent if d["channel"] == "email")
            assert mail["provider_message_id"] == smtp.relay.messages[0]["Message-ID"]
            whatsapp = next(d for d in sent if d["channel"] == "whatsapp")
            assert whatsapp["provider_message_id"] is None  # the reply carrying it was lost

            [taken] = [r for r in cloud.record.requests if r["body"].get("to") == phone]
            report = DeliveryStatus(
                channel="whatsapp",
                provider_message_id=taken["wamid"],
                callback_reference=taken["body"]["biz_opaque_callback_data"],
                status="delivered",
                recipient=phone,
                reported_at=datetime.now(UTC),
            )
            envelope = new_envelope(report, producer="intake")
            await publish_event(infrastructure.amqp_url, run.namespace, envelope)

            async def delivered() -> dict[str, Any] | None:
                return await deliveries.find_one({"_id": whatsapp["_id"], "status": "delivered"})

            found = await eventually_async(delivered, timeout=30, what="the status applied")
            assert found["provider_message_id"] == taken["wamid"]
    finally:
        for process in processes:
            process.stop()
        await client.close()
        await run.clean_up()

"""How many messages each of a run's queues holds, read over AMQP.

A passive declare per queue costs a round trip; `rabbitmqctl list_queues ... messages` asks every
member of every quorum queue and took 200 s on the busy machine during a 10 000-message run
(its chaos scenario 2 failed on the 120 s bound), where `list_queues name leader` took 16 s."""

from __future__ import annotations

import aiormq

from helpdesk_runtime.broker_nodes import connect_to_any_node
from tests.support.isolation import IsolatedRun


async def queue_depths(run: IsolatedRun) -> dict[str, int]:
    """Messages (ready and unacknowledged) in each of the run's queues that holds some."""
    depths: dict[str, int] = {}
    connection = await connect_to_any_node(run.infrastructure.amqp_url, timeout=10)
    async with connection:
        for name in run.queue_names():
            channel = await connection.channel()  # a missing queue closes its channel
            try:
                queue = await channel.declare_queue(name, passive=True)
            except aiormq.exceptions.ChannelNotFoundEntity:
                continue  # not declared by this run
            if count := queue.declaration_result.message_count:
                depths[name] = count
    return depths

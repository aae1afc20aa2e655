"""Generates the AsyncAPI document and JSON Schemas checked in under contracts/.

Run `python -m helpdesk_contracts.asyncapi` after changing a contract; a test fails while the
checked-in files differ from what the code generates.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, cast

from faststream.rabbit import ExchangeType, RabbitBroker, RabbitExchange
from faststream.specification import AsyncAPI
from faststream.specification.base import Specification

from helpdesk_contracts import inbound
from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.registry import EVENT_MODELS
from helpdesk_contracts.topology import EVENTS_EXCHANGE, INBOUND_EXCHANGE, SUBSCRIPTIONS

CONTRACTS_DIR = Path(__file__).resolve().parents[2]
RAW_INBOUND: tuple[tuple[str, Any, str], ...] = (
    (inbound.RAW_EMAIL_ROUTING_KEY, bytes, "Raw RFC 5322 message bytes (message/rfc822)."),
    (inbound.WEBFORM_ROUTING_KEY, inbound.WebformSubmission, "A web form submission as JSON."),
    (inbound.WHATSAPP_ROUTING_KEY, inbound.WhatsAppWebhook, "WhatsApp Cloud API webhook JSON."),
)


def consumers_of(routing_key: str, exchange: str = EVENTS_EXCHANGE) -> list[str]:
    """Queues whose bindings match `routing_key` (topic semantics for * and #)."""
    return [
        item.queue
        for item in SUBSCRIPTIONS
        if item.exchange == exchange and any(_matches(b, routing_key) for b in item.bindings)
    ]


def _matches(pattern: str, key: str) -> bool:
    def walk(p: list[str], k: list[str]) -> bool:
        if not p:
            return not k
        if p[0] == "#":
            return any(walk(p[1:], k[i:]) for i in range(len(k) + 1))
        return bool(k) and p[0] in ("*", k[0]) and walk(p[1:], k[1:])

    return walk(pattern.split("."), key.split("."))


def build_specification() -> Specification:
    """The AsyncAPI 3 specification of every event and raw inbound message."""
    broker = RabbitBroker(description="Helpdesk services exchange events over RabbitMQ.")
    events = RabbitExchange(EVENTS_EXCHANGE, type=ExchangeType.TOPIC, durable=True)
    for key, model in EVENT_MODELS.items():
        readers = ", ".join(consumers_of(key)) or "none yet"
        broker.publisher(
            exchange=events,
            routing_key=key,
            schema=cast(Any, Envelope)[model],
            title=f"{key}:Publish",
            description=f"{(model.__doc__ or key).strip()} Consumed by: {readers}.",
        )
    raw = RabbitExchange(INBOUND_EXCHANGE, type=ExchangeType.TOPIC, durable=True)
    for key, schema, description in RAW_INBOUND:
        broker.publisher(
            exchange=raw,
            routing_key=key,
            schema=schema,
            title=f"{key}:Publish",
            description=f"{description} Consumed by: intake.raw-inbound.",
        )
    spec = AsyncAPI(broker, title="Helpdesk events", version="1.0.0", schema_version="3.0.0")
    return spec.to_specification()


def build_document() -> dict[str, Any]:
    """The AsyncAPI document as JSON-ready data."""
    document: dict[str, Any] = json.loads(build_specification().to_json())
    return document


def json_schemas() -> dict[str, dict[str, Any]]:
    """One JSON Schema per event envelope, keyed by routing key."""
    return {
        key: cast(Any, Envelope)[model].model_json_schema() for key, model in EVENT_MODELS.items()
    }


def rendered_files() -> dict[Path, str]:
    """Every generated file with the text it must hold."""
    files = {CONTRACTS_DIR / "asyncapi.json": _dump(build_document())}
    for key, schema in json_schemas().items():
        files[CONTRACTS_DIR / "schemas" / f"{key}.json"] = _dump(schema)
    return files


def _dump(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    for path, text in rendered_files().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(CONTRACTS_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

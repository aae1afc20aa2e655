"""Settings every service reads from the environment (prefix HELPDESK_)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from helpdesk_contracts.topology import Namespace
from helpdesk_runtime.broker_nodes import broker_nodes


class DeploymentMode(StrEnum):
    PRODUCTION = "production"
    DEVELOPMENT = "development"


class ServiceSettings(BaseSettings):
    """Connection and runtime settings; each service subclasses it with its own fields."""

    model_config = SettingsConfigDict(env_prefix="HELPDESK_", extra="ignore")

    env: DeploymentMode = Field(
        default=DeploymentMode.PRODUCTION,
        description="HELPDESK_ENV; `development` lets a service start without its secrets "
        "(random ones for the process); never set it on a deployment",
    )
    amqp_url: str = Field(
        default="amqp://guest:guest@127.0.0.1:5672/",
        description="One broker, or every node of a RabbitMQ cluster separated by commas",
    )
    mongo_url: str = "mongodb://127.0.0.1:27017/"
    mongo_database: str = Field(default="helpdesk", description="Each service adds its own suffix")
    namespace: str = Field(default="", description="Prefix of every exchange and queue name")
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    prefetch: int = Field(default=32, ge=1, le=1000)
    delivery_limit: int = Field(default=5, ge=1, description="Redeliveries before the DLQ")
    retry_delays_s: tuple[float, ...] = Field(
        default=(1.0, 5.0, 30.0), description="Broker delay before each retry of a failed message"
    )
    replicated_delays: bool | None = Field(
        default=None,
        description="Retry delay queues as quorum queues; default: when HELPDESK_AMQP_URL lists "
        "several nodes. Set true behind one load-balanced address to a cluster.",
    )
    inbox_retention_days: float = Field(
        default=14.0, gt=0, description="How long applied event ids are remembered"
    )
    inbox_lease_s: float = Field(
        default=30.0, gt=0, description="How long a claim on an event blocks its other copies"
    )
    file_link_secret: SecretStr | None = Field(
        default=None,
        description="Key of the short-lived download links tickets signs for files intake and "
        "chat keep (the same value in the three services); required where used, no default",
    )
    graceful_timeout_s: float = 15.0
    outbox_poll_s: float = 1.0
    publish_confirm_timeout_s: float = Field(
        default=10.0,
        gt=0,
        description="How long a publish waits for the broker's confirm before it counts as not "
        "published and is sent again later (a quorum queue electing a new leader takes seconds)",
    )
    outbox_lease_s: float = Field(
        default=30.0,
        gt=0,
        description="How long one replica's relay holds a document's pending events while it "
        "publishes them; a crashed replica's events are taken over after this",
    )
    log_level: str = "INFO"
    log_json: bool = True

    @property
    def is_development(self) -> bool:
        return self.env is DeploymentMode.DEVELOPMENT

    @property
    def names(self) -> Namespace:
        return Namespace(self.namespace)

    def database_name(self, service: str) -> str:
        """Each service owns its own database; tests isolate runs by `mongo_database`."""
        return f"{self.mongo_database}_{service}"


def delays_are_replicated(settings: ServiceSettings) -> bool:
    """Whether retry delay queues must be quorum queues (a cluster) or may be classic (one node)."""
    if settings.replicated_delays is not None:
        return settings.replicated_delays
    return len(broker_nodes(settings.amqp_url)) > 1

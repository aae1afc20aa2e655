"""The request the application layer builds from an event: what to tell, whom, in what words."""

from collections.abc import Mapping
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from notify.domain.contacts import Contact
from notify.domain.kinds import NotificationKind
from notify.domain.languages import Language, select_language
from notify.domain.parameters import PROTOCOL_PATTERN, ParameterValue, checked_parameters


class NotificationRequest(BaseModel):
    """One notification, caused by one event, to one or more recipients.

    ``language`` is the ticket's language; each recipient's own language wins over it.
    ``time_zone`` is the service calendar's zone, used to show deadlines.
    ``ticket_number`` is None for a message about the customer's account, not about a ticket
    (a sign-in link): no protocol, no reply address, no thread.
    """

    model_config = ConfigDict(frozen=True)

    event_id: UUID
    kind: NotificationKind
    ticket_number: str | None = Field(pattern=PROTOCOL_PATTERN)
    ticket_subject: str = ""
    recipients: tuple[Contact, ...] = Field(min_length=1)
    language: str | None = None
    parameters: dict[str, ParameterValue] = Field(default_factory=dict, validate_default=True)
    time_zone: str = "America/Sao_Paulo"

    @field_validator("parameters", mode="before")
    @classmethod
    def _parameters_match_kind(
        cls, value: object, info: ValidationInfo
    ) -> dict[str, ParameterValue]:
        kind = info.data.get("kind")
        if kind is None:
            raise ValueError("parameters cannot be checked without a valid kind")
        if not isinstance(value, Mapping):
            raise ValueError("parameters must be a mapping")
        return checked_parameters(kind, value)

    @field_validator("time_zone")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    def language_for(self, contact: Contact) -> Language:
        """The contact's own language first, then the ticket's, then pt-BR."""
        return select_language(contact.language, self.language)

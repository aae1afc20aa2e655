"""Who is told what, and requests that cannot be rendered are refused before anything is sent."""

from collections.abc import Callable
from datetime import datetime

import pytest
from pydantic import ValidationError

from notify.domain.contacts import Contact
from notify.domain.kinds import Audience, NotificationKind, kind_for_status_change
from notify.domain.languages import Language, select_language
from notify.domain.notifications import NotificationRequest

MakeRequest = Callable[..., NotificationRequest]


@pytest.mark.parametrize(
    "kind",
    [
        NotificationKind.TICKET_ASSIGNED,
        NotificationKind.SLA_WARNING,
        NotificationKind.SLA_BREACHED,
        NotificationKind.SLA_ESCALATED,
    ],
)
def test_assignment_and_sla_notices_go_to_staff(kind: NotificationKind) -> None:
    assert kind.audience is Audience.STAFF


def test_every_other_kind_goes_to_the_requester() -> None:
    staff = {k for k in NotificationKind if k.audience is Audience.STAFF}
    assert {k for k in NotificationKind if k not in staff} == {
        NotificationKind.TICKET_CREATED,
        NotificationKind.AGENT_REPLY,
        NotificationKind.STATUS_CHANGED,
        NotificationKind.REPLY_REQUESTED,
        NotificationKind.TICKET_RESOLVED,
        NotificationKind.TICKET_MERGED,
        NotificationKind.PENDING_REMINDER,
        NotificationKind.MAGIC_LINK,
        NotificationKind.EMAIL_CODE,
    }


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        ("new", NotificationKind.STATUS_CHANGED),
        ("open", NotificationKind.STATUS_CHANGED),
        ("pending", NotificationKind.REPLY_REQUESTED),
        ("resolved", NotificationKind.TICKET_RESOLVED),
    ],
)
def test_a_status_change_causes_exactly_one_requester_message(
    status: str, kind: NotificationKind
) -> None:
    assert kind_for_status_change(status) is kind


def test_only_agent_replies_carry_a_persons_words() -> None:
    carrying = [kind for kind in NotificationKind if kind.carries_agent_reply]
    assert carrying == [NotificationKind.AGENT_REPLY]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (("en",), Language.EN),
        (("en-US",), Language.EN),
        (("en_GB",), Language.EN),
        (("pt-BR",), Language.PT_BR),
        (("pt_PT",), Language.PT_BR),
        (("fr-FR",), Language.PT_BR),
        ((None,), Language.PT_BR),
        ((None, "en"), Language.EN),
        (("", "en"), Language.EN),
        (("pt-BR", "en"), Language.PT_BR),
    ],
)
def test_language_is_the_first_supported_one_else_portuguese(
    tags: tuple[str | None, ...], expected: Language
) -> None:
    assert select_language(*tags) is expected


def test_contact_language_wins_over_the_ticket_language(
    make_request: MakeRequest, make_contact: Callable[..., Contact]
) -> None:
    request = make_request(NotificationKind.TICKET_CREATED).model_copy(update={"language": "en"})
    assert request.language_for(make_contact(language="pt-BR")) is Language.PT_BR
    assert request.language_for(make_contact(language=None)) is Language.EN


def test_missing_parameter_is_refused_with_its_name(make_request: MakeRequest) -> None:
    with pytest.raises(ValidationError, match="csat_url"):
        NotificationRequest.model_validate(
            make_request(NotificationKind.TICKET_RESOLVED).model_dump() | {"parameters": {}}
        )


def test_unknown_parameter_is_refused(make_request: MakeRequest) -> None:
    with pytest.raises(ValidationError, match="unknown"):
        make_request(NotificationKind.TICKET_MERGED, typo="x")


@pytest.mark.parametrize(
    ("kind", "name", "value"),
    [
        (NotificationKind.TICKET_RESOLVED, "csat_url", "javascript:alert(1)"),
        (NotificationKind.TICKET_RESOLVED, "csat_url", 'https://x.example/"><script>'),
        (NotificationKind.STATUS_CHANGED, "status", "archived"),
        (NotificationKind.TICKET_CREATED, "response_hours", 0),
        (NotificationKind.TICKET_CREATED, "response_hours", True),
        (NotificationKind.SLA_WARNING, "due_at", datetime(2024, 11, 21, 17, 30)),
        (NotificationKind.SLA_WARNING, "priority", "P9"),
        (NotificationKind.SLA_ESCALATED, "level", "ceo"),
        (NotificationKind.TICKET_MERGED, "target_ticket_number", "12 34"),
        (NotificationKind.AGENT_REPLY, "reply_text", "   "),
    ],
)
def test_malformed_parameter_is_refused(
    make_request: MakeRequest, kind: NotificationKind, name: str, value: object
) -> None:
    with pytest.raises(ValidationError, match=name):
        make_request(kind, **{name: value})


def test_values_from_json_are_normalized(make_request: MakeRequest) -> None:
    request = make_request(
        NotificationKind.SLA_WARNING, due_at="2024-11-21T17:30:00+00:00", priority="P2"
    )
    assert isinstance(request.parameters["due_at"], datetime)
    assert make_request(NotificationKind.PENDING_REMINDER, business_days="5").parameters == {
        "business_days": 5
    }


def test_ticket_number_with_header_breaking_characters_is_refused(
    make_request: MakeRequest,
) -> None:
    valid = make_request(NotificationKind.TICKET_CREATED).model_dump()
    with pytest.raises(ValidationError, match="ticket_number"):
        NotificationRequest.model_validate(valid | {"ticket_number": "123\r\nBcc: x@y.z"})


def test_unknown_time_zone_is_refused(make_request: MakeRequest) -> None:
    valid = make_request(NotificationKind.TICKET_CREATED).model_dump()
    with pytest.raises(ValidationError, match="time zone"):
        NotificationRequest.model_validate(valid | {"time_zone": "Mars/Olympus"})

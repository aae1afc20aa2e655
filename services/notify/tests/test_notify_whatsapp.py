"""WhatsApp messages: free text inside the 24-hour window, approved templates outside it."""

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notify.domain.contacts import Contact
from notify.domain.kinds import NotificationKind
from notify.domain.languages import Language
from notify.domain.notifications import NotificationRequest
from notify.domain.rendering import MessageRenderer
from notify.domain.whatsapp_message import (
    WhatsAppMessage,
    build_whatsapp_message,
    in_service_window,
)
from notify.domain.whatsapp_templates import WhatsAppTemplateMissing, WhatsAppTemplates
from notify.settings import NotifySettings

MakeRequest = Callable[..., NotificationRequest]
MakeContact = Callable[..., Contact]
NOW = datetime(2024, 11, 21, 15, 0, tzinfo=UTC)
TEMPLATES = WhatsAppTemplates(
    names={
        NotificationKind.TICKET_CREATED: "chamado_aberto",
        NotificationKind.AGENT_REPLY: "nova_resposta",
        NotificationKind.STATUS_CHANGED: "status_chamado",
        NotificationKind.SLA_ESCALATED: "chamado_escalado",
    }
)


REFERENCE = "0b5c7a3e-8f0e-4a57-9d0c-2f1e6f6f2a10/whatsapp/c-4f1d2a9b8c7e6d5f4a3b"


def whatsapp_for(
    request: NotificationRequest,
    last_inbound_at: datetime | None,
    templates: WhatsAppTemplates = TEMPLATES,
) -> WhatsAppMessage:
    rendered = MessageRenderer(brand="Acme").render(request, request.recipients[0])
    return build_whatsapp_message(
        request=request,
        message=rendered,
        to="5511987654321",
        reference=REFERENCE,
        last_inbound_at=last_inbound_at,
        now=NOW,
        templates=templates,
    )


@pytest.mark.parametrize(
    ("age", "open_"),
    [
        (timedelta(0), True),
        (timedelta(hours=23, minutes=59, seconds=59, microseconds=999999), True),
        (timedelta(hours=24), False),
        (timedelta(hours=24, microseconds=1), False),
        (timedelta(days=3), False),
    ],
)
def test_window_closes_at_exactly_24_hours(age: timedelta, open_: bool) -> None:
    assert in_service_window(NOW - age, NOW) is open_


def test_contact_who_never_wrote_is_outside_the_window() -> None:
    assert in_service_window(None, NOW) is False


def test_window_needs_aware_times() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        in_service_window(datetime(2024, 11, 21, 14, 0), NOW)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-3600, max_value=3 * 86400))
def test_window_is_open_exactly_when_last_message_is_under_a_day_old(seconds: int) -> None:
    assert in_service_window(NOW - timedelta(seconds=seconds), NOW) is (seconds < 86400)


def test_inside_the_window_the_rendered_text_is_sent(make_request: MakeRequest) -> None:
    request = make_request(NotificationKind.AGENT_REPLY)
    message = whatsapp_for(request, NOW - timedelta(hours=2))
    assert message.mode == "text"
    assert message.template_name is None
    assert set(message.body) == {
        "messaging_product",
        "recipient_type",
        "to",
        "biz_opaque_callback_data",
        "type",
        "text",
    }
    assert message.body["biz_opaque_callback_data"] == REFERENCE
    assert message.body["messaging_product"] == "whatsapp"
    assert message.body["recipient_type"] == "individual"
    assert message.body["to"] == "5511987654321"
    assert message.body["type"] == "text"
    assert message.body["text"]["preview_url"] is False
    assert "Reinicie o roteador." in message.body["text"]["body"]
    assert "Nunca pedimos sua senha" in message.body["text"]["body"]


def test_at_24_hours_the_approved_template_is_sent(make_request: MakeRequest) -> None:
    request = make_request(NotificationKind.TICKET_CREATED)
    message = whatsapp_for(request, NOW - timedelta(hours=24))
    assert message.mode == "template"
    assert message.body == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "5511987654321",
        "biz_opaque_callback_data": REFERENCE,
        "type": "template",
        "template": {
            "name": "chamado_aberto",
            "language": {"code": "pt_BR"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "2024000123"},
                        {"type": "text", "text": "4"},
                    ],
                }
            ],
        },
    }
    json.dumps(message.body)  # serializable as-is


def test_template_parameters_follow_the_contacts_language(
    make_request: MakeRequest, make_contact: MakeContact
) -> None:
    request = make_request(
        NotificationKind.STATUS_CHANGED, recipient=make_contact(language="en"), status="pending"
    )
    template = whatsapp_for(request, None).body["template"]
    assert template["language"] == {"code": "en"}
    texts = [p["text"] for p in template["components"][0]["parameters"]]
    assert texts == ["2024000123", "Awaiting your reply"]


def test_reply_excerpt_in_a_template_is_one_short_line(make_request: MakeRequest) -> None:
    reply = "Primeira linha.\n\nSegunda\tlinha     com espaços. " + "x" * 500
    message = whatsapp_for(make_request(NotificationKind.AGENT_REPLY, reply_text=reply), None)
    texts = [p["text"] for p in message.body["template"]["components"][0]["parameters"]]
    assert texts[:2] == ["2024000123", "Bruno"]
    assert texts[2].startswith("Primeira linha. Segunda linha com espaços. xxx")
    assert len(texts[2]) == 200
    assert all("\n" not in t and "\t" not in t and "     " not in t for t in texts)


def test_escalation_template_carries_labels_and_local_deadline(make_request: MakeRequest) -> None:
    message = whatsapp_for(make_request(NotificationKind.SLA_ESCALATED), None)
    texts = [p["text"] for p in message.body["template"]["components"][0]["parameters"]]
    assert texts == [
        "2024000123",
        "P0",
        "solução",
        "21/11/2024 14:30 (America/Sao_Paulo)",
        "coordenação",
    ]


def test_kind_without_a_configured_template_cannot_leave_the_window(
    make_request: MakeRequest,
) -> None:
    request = make_request(NotificationKind.PENDING_REMINDER)
    assert whatsapp_for(request, NOW - timedelta(hours=1)).mode == "text"
    with pytest.raises(WhatsAppTemplateMissing, match="pending_reminder"):
        whatsapp_for(request, NOW - timedelta(hours=25))


def test_template_language_codes_are_configurable() -> None:
    templates = WhatsAppTemplates(names={}, language_codes={Language.EN: "en_US"})
    assert templates.language_code(Language.EN) == "en_US"


@pytest.mark.parametrize("language", ["pt-BR", "en"])
def test_out_of_the_box_every_notice_outside_the_window_has_a_template(
    make_request: MakeRequest, make_contact: MakeContact, language: str
) -> None:
    configured = NotifySettings().whatsapp_templates
    templates = WhatsAppTemplates(names={NotificationKind(k): v for k, v in configured.items()})
    for kind in NotificationKind:
        if kind.answers_request:  # a sign-in link goes by email only
            continue
        request = make_request(kind, recipient=make_contact(language=language))
        message = whatsapp_for(request, None, templates)
        assert message.template_name == f"helpdesk_{kind.value}"
        expected = {"pt-BR": "pt_BR", "en": "en"}[language]
        assert message.body["template"]["language"] == {"code": expected}

"""E-mail addresses in events: checked as pydantic's EmailStr does, once per distinct address."""

from __future__ import annotations

import pydantic.networks
import pytest
from pydantic import ValidationError

from helpdesk_contracts.common import Requester


@pytest.fixture
def address_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The addresses `email-validator` is asked to check."""
    checked: list[str] = []
    check = pydantic.networks.validate_email

    def counting(value: str) -> tuple[str, str]:
        checked.append(value)
        return check(value)

    monkeypatch.setattr(pydantic.networks, "validate_email", counting)
    return checked


def test_the_requester_address_of_every_event_about_a_ticket_is_checked_once(
    address_checks: list[str],
) -> None:
    body = b'{"contact_id": "c1", "email": "Rita.Alves@Exemplo.COM.br"}'

    parsed = [Requester.model_validate_json(body) for _ in range(50)]

    assert address_checks == ["Rita.Alves@Exemplo.COM.br"]
    assert {requester.email for requester in parsed} == {"Rita.Alves@exemplo.com.br"}


def test_an_invalid_address_is_refused_every_time_it_comes(address_checks: list[str]) -> None:
    for _ in range(2):
        with pytest.raises(ValidationError, match="email"):
            Requester.model_validate_json(b'{"contact_id": "c1", "email": "rita@@exemplo"}')

    assert address_checks == ["rita@@exemplo", "rita@@exemplo"]

"""Identity keys of a person: email (case-insensitive), E.164 phone, WhatsApp id and the
external customer id "ID Suporte", normalized so that the same person matches across channels.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import phonenumbers

from tickets.domain.errors import InvalidContactIdentity
from tickets.domain.language import Localized

DEFAULT_PHONE_REGION = "BR"


class IdentityKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    WHATSAPP = "whatsapp"
    EXTERNAL_ID = "external_id"


@dataclass(frozen=True, slots=True, order=True)
class IdentityKey:
    kind: IdentityKind
    value: str


def normalize_email(raw: str) -> str:
    address = raw.strip().lower()
    local, _, domain = address.rpartition("@")
    if not local or not domain or " " in address:
        raise InvalidContactIdentity(
            Localized(f"E-mail inválido: {raw}.", f"Invalid email address: {raw}.")
        )
    return address


def normalize_phone(raw: str, *, region: str = DEFAULT_PHONE_REGION) -> str:
    """E.164 (e.g. +5511987654321); numbers without a country code are read as `region`."""
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise InvalidContactIdentity(
            Localized(f"Telefone inválido: {raw}.", f"Invalid phone number: {raw}.")
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalize_whatsapp_id(raw: str) -> str:
    """WhatsApp ids (wa_id) are the phone's digits with the country code and no '+'."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if len(digits) < 8:
        raise InvalidContactIdentity(
            Localized(f"WhatsApp inválido: {raw}.", f"Invalid WhatsApp id: {raw}.")
        )
    return digits


def identity_keys_for(
    *,
    email: str | None = None,
    phone: str | None = None,
    whatsapp_id: str | None = None,
    external_id: str | None = None,
) -> frozenset[IdentityKey]:
    """The keys to look a sender up by (normalized; invalid values raise)."""
    keys: set[IdentityKey] = set()
    if email:
        keys.add(IdentityKey(IdentityKind.EMAIL, normalize_email(email)))
    if phone:
        keys.add(IdentityKey(IdentityKind.PHONE, normalize_phone(phone)))
    if whatsapp_id:
        wa_id = normalize_whatsapp_id(whatsapp_id)
        keys.add(IdentityKey(IdentityKind.WHATSAPP, wa_id))
        # The same number may be on file as a phone: WhatsApp and phone then meet.
        keys.add(IdentityKey(IdentityKind.PHONE, f"+{wa_id}"))
    if external_id and external_id.strip():
        keys.add(IdentityKey(IdentityKind.EXTERNAL_ID, external_id.strip()))
    return frozenset(keys)

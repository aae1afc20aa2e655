from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from tickets.domain.contacts import Contact, decide_contact_merge, merge_contact_into, same_person
from tickets.domain.errors import (
    ContactMergeConflict,
    InvalidContactIdentity,
    InvalidContactMerge,
    InvalidOrganization,
)
from tickets.domain.identities import (
    IdentityKey,
    IdentityKind,
    identity_keys_for,
    normalize_email,
    normalize_phone,
)
from tickets.domain.organizations import Organization, normalize_cnpj

T = datetime(2026, 1, 5, tzinfo=UTC)


def test_email_is_case_insensitive() -> None:
    assert normalize_email("  Ana.Souza@Empresa.COM.br ") == "ana.souza@empresa.com.br"


@pytest.mark.parametrize("raw", ["(11) 98765-4321", "+55 11 98765-4321", "011 98765 4321"])
def test_brazilian_phone_in_any_writing_becomes_e164(raw: str) -> None:
    assert normalize_phone(raw) == "+5511987654321"


@pytest.mark.parametrize("raw", ["123", "not a phone", "+55 11 1234"])
def test_invalid_phone_is_refused_as_bad_input(raw: str) -> None:
    with pytest.raises(InvalidContactIdentity) as refused:
        normalize_phone(raw)
    assert refused.value.http_status == 422


def test_whatsapp_sender_meets_the_contact_who_gave_the_same_phone() -> None:
    by_phone = Contact(id="c1", phones=("(11) 98765-4321",), created_at=T)
    via_whatsapp = identity_keys_for(whatsapp_id="5511987654321")
    assert IdentityKey(IdentityKind.PHONE, "+5511987654321") in via_whatsapp
    assert by_phone.identity_keys() & via_whatsapp


def test_contact_identities_are_stored_normalized() -> None:
    contact = Contact(id="c1", emails=("Ana@X.com", "ana@x.com"), created_at=T)
    assert contact.emails == ("ana@x.com",)
    with pytest.raises(ValidationError):
        Contact(id="c2", phones=("123",), created_at=T)


def test_same_person_arriving_by_email_and_whatsapp_merges_into_one_contact() -> None:
    by_email = Contact(
        id="c-email", name="Ana", emails=("ana@x.com",), phones=("+5511987654321",), created_at=T
    )
    by_whatsapp = Contact(
        id="c-wa",
        whatsapp_ids=("5511987654321",),
        external_id="SUP-42",
        created_at=T + timedelta(days=1),
    )
    assert same_person(by_email, by_whatsapp)
    merge = decide_contact_merge(by_email, by_whatsapp)
    # The contact with the "ID Suporte" survives even though it is the newer one.
    assert merge.survivor.id == "c-wa"
    assert merge.absorbed.merged_into == "c-wa"
    assert merge.survivor.name == "Ana"
    assert merge.survivor.emails == ("ana@x.com",)
    assert merge.survivor.external_id == "SUP-42"
    assert merge.survivor.identity_keys() >= by_email.identity_keys() | by_whatsapp.identity_keys()


def test_without_support_id_the_older_contact_survives() -> None:
    older = Contact(id="c-old", emails=("a@x.com",), created_at=T - timedelta(days=3))
    newer = Contact(id="c-new", emails=("b@x.com",), created_at=T)
    merge = decide_contact_merge(newer, older)
    assert merge.survivor.id == "c-old"
    assert merge.survivor.emails == ("a@x.com", "b@x.com")


def test_two_different_support_ids_are_never_merged() -> None:
    a = Contact(id="c1", external_id="SUP-1", emails=("a@x.com",), created_at=T)
    b = Contact(id="c2", external_id="SUP-2", emails=("a@x.com",), created_at=T)
    with pytest.raises(ContactMergeConflict):
        decide_contact_merge(a, b)


def test_already_merged_contact_cannot_be_merged_again() -> None:
    a = Contact(id="c1", created_at=T, merged_into="c9")
    with pytest.raises(ContactMergeConflict):
        decide_contact_merge(a, Contact(id="c2", created_at=T))


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("11.222.333/0001-81", "11222333000181"), ("12.abc.345/01de-35", "12ABC34501DE35")],
)
def test_organization_cnpj_numeric_or_alphanumeric_is_checked(raw: str, stored: str) -> None:
    assert Organization(id="o1", name="Empresa", cnpj=raw).cnpj == stored


@pytest.mark.parametrize("raw", ["11.222.333/0001-82", "11111111111111", "12ABC34501DE36", "123"])
def test_organization_with_invalid_cnpj_is_refused(raw: str) -> None:
    with pytest.raises(ValidationError):
        Organization(id="o1", name="Empresa", cnpj=raw)
    with pytest.raises(InvalidOrganization, match="Invalid CNPJ"):
        normalize_cnpj(raw)


def test_agent_chosen_survivor_takes_every_identity_of_the_merged_contact() -> None:
    a = Contact(id="c-a", name="Ana", emails=("ana@x.com",), created_at=T + timedelta(days=2))
    b = Contact(
        id="c-b", phones=("+5511987654321",), whatsapp_ids=("5511987654321",),
        external_id="SUP-7", organization_id="o-1", language="en", created_at=T,
    )  # fmt: skip

    merge = merge_contact_into(a, b)

    assert merge.survivor.id == "c-a"  # the agent's choice, though b is older
    assert merge.survivor.identity_keys() == a.identity_keys() | b.identity_keys()
    assert (merge.survivor.external_id, merge.survivor.organization_id) == ("SUP-7", "o-1")
    assert merge.survivor.language == "en"
    assert merge.absorbed.merged_into == "c-a"


def test_merging_an_absorbed_contact_into_its_survivor_again_is_a_repeat() -> None:
    a = Contact(id="c-a", emails=("a@x.com",), created_at=T)
    b = Contact(id="c-b", emails=("b@x.com",), created_at=T, merged_into="c-a")

    assert merge_contact_into(a, b).survivor.emails == ("a@x.com", "b@x.com")
    with pytest.raises(ContactMergeConflict, match="already merged into c-a"):
        merge_contact_into(Contact(id="c-c", created_at=T), b)


def test_contact_cannot_be_merged_into_itself() -> None:
    a = Contact(id="c-a", created_at=T)
    with pytest.raises(InvalidContactMerge) as refused:
        merge_contact_into(a, a)
    assert refused.value.http_status == 422


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("11222333000181", "11.222.333/0001-81"), ("12ABC34501DE35", "12.ABC.345/01DE-35")],
)
def test_organization_shows_its_cnpj_formatted(stored: str, shown: str) -> None:
    assert Organization(id="o1", name="Empresa", cnpj=stored).formatted_cnpj == shown

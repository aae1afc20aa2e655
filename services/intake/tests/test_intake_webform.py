"""Web form submissions: normalized when valid, per-field messages in pt-BR or English when not."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from intake.domain.cnpj import format_cnpj, normalize_cnpj
from intake.domain.field_errors import field_errors
from intake.domain.service_catalogue import default_catalogue, load_catalogue
from intake.domain.webform import WebFormSubmission, validate_webform

CATALOGUE = default_catalogue()


def _form(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "name": "  Ana Paula Ribeiro ",
        "email": "ana.ribeiro@Exemplo.COM.br",
        "phone": "(11) 98765-4321",
        "organization": {"name": "Ribeiro Comércio Ltda", "cnpj": "11.222.333/0001-81"},
        "category": "financeiro",
        "subcategory": "boleto",
        "subject": "Segunda via do boleto",
        "description": "Preciso da segunda via do boleto de março.",
    }
    form.update(changes)
    return form


def _errors(form: dict[str, Any], language: str = "pt-BR") -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        validate_webform(form, catalogue=CATALOGUE)
    lang = "en" if language == "en" else "pt-BR"
    return {e.field: e.message for e in field_errors(raised.value, lang)}


def test_valid_submission_is_normalized() -> None:
    submission = validate_webform(_form(), catalogue=CATALOGUE)
    assert submission.name == "Ana Paula Ribeiro"
    assert submission.email == "ana.ribeiro@exemplo.com.br"
    assert submission.phone == "+5511987654321"
    assert submission.country == "BR"
    assert submission.organization is not None
    assert submission.organization.cnpj == "11222333000181"


@pytest.mark.parametrize(
    ("phone", "country", "e164"),
    [
        ("11 98765-4321", "BR", "+5511987654321"),
        ("+55 (21) 3456-7890", "BR", "+552134567890"),
        ("021 91234-5678", "BR", "+5521912345678"),
        ("912 345 678", "pt", "+351912345678"),
        ("+1 650-253-0000", "BR", "+16502530000"),
    ],
)
def test_phone_is_stored_in_e164_with_brazil_as_default_region(
    phone: str, country: str, e164: str
) -> None:
    submission = validate_webform(_form(phone=phone, country=country), catalogue=CATALOGUE)
    assert submission.phone == e164


def test_blank_optional_fields_are_absent() -> None:
    form = _form(phone="  ", organization={"name": "", "cnpj": ""}, country="")
    submission = validate_webform(form, catalogue=CATALOGUE)
    assert (submission.phone, submission.organization, submission.country) == (None, None, "BR")


@pytest.mark.parametrize("cnpj", ["11.222.333/0001-81", "11222333000181", "12.345.678/0001-95"])
def test_cnpj_is_accepted_formatted_or_as_digits(cnpj: str) -> None:
    digits = normalize_cnpj(cnpj)
    assert digits is not None
    assert format_cnpj(digits).replace(".", "").replace("/", "").replace("-", "") == digits


@pytest.mark.parametrize(
    "cnpj", ["11.222.333/0001-82", "11111111111111", "1122233300018", "11.222.333/0001-8a", ""]
)
def test_cnpj_with_wrong_check_digits_or_shape_is_refused(cnpj: str) -> None:
    assert normalize_cnpj(cnpj) is None


def test_invalid_fields_get_portuguese_messages_by_default() -> None:
    errors = _errors(
        _form(
            name="",
            email="ana@",
            phone="123",
            country="XX",
            organization={"name": "Ribeiro", "cnpj": "11.222.333/0001-82"},
            category="suporte-vip",
        )
        | {"description": None}
    )
    assert errors == {
        "name": "Preencha este campo.",
        "email": "Informe um e-mail válido.",
        "country": "Informe um país válido (código ISO, por exemplo BR).",
        "phone": "Informe um telefone válido, com DDD.",
        "organization.cnpj": "CNPJ inválido: confira os números.",
        "category": "Escolha uma categoria da lista.",
        "description": "Informe um texto.",
    }


def test_invalid_fields_get_english_messages_when_asked() -> None:
    form = _form(email="not-an-email", subcategory="senha")
    del form["subject"]
    assert _errors(form, "en") == {
        "email": "Enter a valid email address.",
        "subcategory": "Choose a subcategory of this category.",
        "subject": "This field is required.",
    }


def test_category_with_subcategories_requires_one() -> None:
    assert _errors(_form(subcategory="")) == {"subcategory": "Escolha uma subcategoria."}


def test_json_without_the_subcategory_field_meets_the_forms_rule() -> None:
    form = _form()
    del form["subcategory"]
    assert _errors(form) == {"subcategory": "Escolha uma subcategoria."}


def test_category_without_subcategories_needs_none() -> None:
    submission = validate_webform(_form(category="outros", subcategory=None), catalogue=CATALOGUE)
    assert submission.subcategory is None


def test_too_long_subject_message_says_the_limit() -> None:
    assert _errors(_form(subject="x" * 201)) == {"subject": "Use no máximo 200 caracteres."}


def test_configured_catalogue_replaces_the_default() -> None:
    catalogue = load_catalogue(
        "categories:\n  - code: garantia\n    label: {pt-BR: Garantia, en: Warranty}\n"
    )
    form = _form(category="garantia", subcategory=None)
    submission = validate_webform(form, catalogue=catalogue)
    assert submission.category == "garantia"
    with pytest.raises(ValidationError):
        validate_webform(_form(), catalogue=catalogue)


def test_default_catalogue_has_labels_in_both_languages() -> None:
    for category in CATALOGUE.categories:
        assert category.label_in("pt-BR") != category.label_in("en") or category.code == "outros"
        for sub in category.subcategories:
            assert {"pt-BR", "en"} <= set(sub.label)


def test_submission_is_immutable() -> None:
    submission = validate_webform(_form(), catalogue=CATALOGUE)
    with pytest.raises(ValidationError):
        submission.name = "Outra"  # type: ignore[misc]
    assert isinstance(submission, WebFormSubmission)


INJECTION = "=?utf-8?q?Cliente=0D=0AReply-To=3A_x=40evil.example?="


def test_names_and_subjects_are_stored_decoded_on_one_clean_line() -> None:
    organization = {"name": "Ribeiro\r\nBcc: spy@x.com"}
    form = _form(name=INJECTION, subject=INJECTION, organization=organization)
    submission = validate_webform(form, catalogue=CATALOGUE)

    assert submission.name == "Cliente Reply-To: x@evil.example"
    assert submission.subject == "Cliente Reply-To: x@evil.example"
    assert submission.organization is not None
    assert submission.organization.name == "Ribeiro Bcc: spy@x.com"


def test_a_name_of_control_characters_only_is_missing() -> None:
    assert _errors(_form(name="\x01\x02")) == {"name": "Preencha este campo."}


@pytest.mark.parametrize("character", ["\x00", "\ud800"])
def test_characters_the_store_cannot_keep_are_refused_naming_the_field(character: str) -> None:
    form = _form(description=f"Boleto{character}vencido", organization={"name": f"X{character}"})
    code = f"U+{ord(character):04X}"
    assert _errors(form, "en") == {
        "description": f"Remove the invisible character {code}: we cannot store it.",
        "organization.name": f"Remove the invisible character {code}: we cannot store it.",
    }

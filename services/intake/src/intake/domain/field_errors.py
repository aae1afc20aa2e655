"""Per-field validation messages a customer can read, in pt-BR (default) or English."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from intake.domain.service_catalogue import Language

_MESSAGES: dict[str, dict[Language, str]] = {
    "missing": {"pt-BR": "Preencha este campo.", "en": "This field is required."},
    "required": {"pt-BR": "Preencha este campo.", "en": "This field is required."},
    "string_too_short": {
        "pt-BR": "Use pelo menos {min_length} caracteres.",
        "en": "Use at least {min_length} characters.",
    },
    "string_too_long": {
        "pt-BR": "Use no máximo {max_length} caracteres.",
        "en": "Use at most {max_length} characters.",
    },
    "invalid_email": {"pt-BR": "Informe um e-mail válido.", "en": "Enter a valid email address."},
    "invalid_phone": {
        "pt-BR": "Informe um telefone válido, com DDD.",
        "en": "Enter a valid phone number, with area code.",
    },
    "invalid_country": {
        "pt-BR": "Informe um país válido (código ISO, por exemplo BR).",
        "en": "Enter a valid country (ISO code, for example BR).",
    },
    "invalid_cnpj": {
        "pt-BR": "CNPJ inválido: confira os números.",
        "en": "Invalid CNPJ: please check the digits.",
    },
    "unknown_category": {
        "pt-BR": "Escolha uma categoria da lista.",
        "en": "Choose a category from the list.",
    },
    "unknown_subcategory": {
        "pt-BR": "Escolha uma subcategoria desta categoria.",
        "en": "Choose a subcategory of this category.",
    },
    "subcategory_required": {"pt-BR": "Escolha uma subcategoria.", "en": "Choose a subcategory."},
    "string_type": {"pt-BR": "Informe um texto.", "en": "Enter text."},
    "unstorable_character": {
        "pt-BR": "Remova o caractere invisível {character}: não conseguimos guardá-lo.",
        "en": "Remove the invisible character {character}: we cannot store it.",
    },
}
_FALLBACK: dict[Language, str] = {"pt-BR": "Valor inválido.", "en": "Invalid value."}


class FieldError(BaseModel):
    """One bad field: its dotted path in the form and a message for the customer."""

    model_config = ConfigDict(frozen=True)

    field: str
    message: str


def _message(kind: str, context: dict[str, Any], language: Language) -> str:
    if kind == "string_too_short" and context.get("min_length") == 1:
        kind = "required"
    template = _MESSAGES.get(kind, _FALLBACK)[language]
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return _FALLBACK[language]


def field_errors(error: ValidationError, language: Language = "pt-BR") -> list[FieldError]:
    """Every field error of a ValidationError, one per field path, in the requested language."""
    found: dict[str, FieldError] = {}
    for item in error.errors(include_url=False):
        path = ".".join(str(part) for part in item["loc"]) or "__root__"
        message = _message(item["type"], dict(item.get("ctx") or {}), language)
        found.setdefault(path, FieldError(field=path, message=message))
    return list(found.values())

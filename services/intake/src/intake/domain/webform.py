"""A web form submission, validated and normalized before it becomes an inbound message."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from helpdesk_runtime.header_text import header_text
from intake.domain.cnpj import normalize_cnpj
from intake.domain.service_catalogue import ServiceCatalogue, default_catalogue


@cache
def _shipped_catalogue() -> ServiceCatalogue:
    return default_catalogue()


def _catalogue(info: ValidationInfo) -> ServiceCatalogue:
    context = info.context if isinstance(info.context, Mapping) else {}
    catalogue = context.get("catalogue")
    return catalogue if isinstance(catalogue, ServiceCatalogue) else _shipped_catalogue()


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def unstorable_character(text: str) -> str | None:
    """The first character the database cannot keep (NUL, a lone surrogate), as ``U+XXXX``."""
    for ch in text:
        if ch == "\x00" or "\ud800" <= ch <= "\udfff":
            return f"U+{ord(ch):04X}"
    return None


class _Form(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _storable(cls, value: object) -> object:
        """Refused at the door, named: accepted, the store would refuse it after the 202."""
        if isinstance(value, str) and (found := unstorable_character(value)):
            raise PydanticCustomError(
                "unstorable_character", "contains {character}", {"character": found}
            )
        return value


def _one_clean_line(value: str) -> str:
    """A name or subject as it will appear in mail headers: decoded, no control characters."""
    line = header_text(value)
    if not line:
        raise PydanticCustomError("string_too_short", "empty", {"min_length": 1})
    return line


class Organization(_Form):
    """The customer's company; the CNPJ is stored as its 14 digits."""

    name: str = Field(min_length=1, max_length=200)
    cnpj: str | None = None

    _clean_name = field_validator("name")(_one_clean_line)

    @field_validator("cnpj", mode="before")
    @classmethod
    def _cnpj(cls, value: object) -> object:
        value = _blank_to_none(value)
        if value is None:
            return None
        digits = normalize_cnpj(str(value))
        if digits is None:
            raise PydanticCustomError("invalid_cnpj", "CNPJ is not valid")
        return digits


class WebFormSubmission(_Form):
    """What a customer sent through the web form, normalized (phone in E.164, country ISO)."""

    name: str = Field(min_length=1, max_length=200)
    email: str
    country: str = "BR"
    phone: str | None = None
    organization: Organization | None = None
    category: str
    # validated even when left out, so that JSON without it meets the rule the form's empty
    # select meets: a category with subcategories needs one
    subcategory: str | None = Field(default=None, validate_default=True)
    subject: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=20_000)

    _clean_lines = field_validator("name", "subject")(_one_clean_line)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise PydanticCustomError("invalid_email", "email address is not valid") from exc

    @field_validator("country", mode="before")
    @classmethod
    def _country(cls, value: object) -> object:
        code = str(_blank_to_none(value) or "BR").strip().upper()
        if code not in phonenumbers.SUPPORTED_REGIONS:
            raise PydanticCustomError("invalid_country", "country is not an ISO 3166 code")
        return code

    @field_validator("phone", mode="before")
    @classmethod
    def _phone(cls, value: object, info: ValidationInfo) -> object:
        value = _blank_to_none(value)
        if value is None:
            return None
        region = info.data.get("country", "BR")
        try:
            number = phonenumbers.parse(str(value), region)
        except phonenumbers.NumberParseException as exc:
            raise PydanticCustomError("invalid_phone", "phone number is not valid") from exc
        if not phonenumbers.is_valid_number(number):
            raise PydanticCustomError("invalid_phone", "phone number is not valid")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    @field_validator("organization", mode="before")
    @classmethod
    def _organization(cls, value: object) -> object:
        if isinstance(value, Mapping) and not any(_blank_to_none(v) for v in value.values()):
            return None
        return _blank_to_none(value)

    @field_validator("category")
    @classmethod
    def _category(cls, value: str, info: ValidationInfo) -> str:
        if _catalogue(info).category(value) is None:
            raise PydanticCustomError("unknown_category", "category is not in the catalogue")
        return value

    @field_validator("subcategory", mode="before")
    @classmethod
    def _subcategory(cls, value: object, info: ValidationInfo) -> object:
        value = _blank_to_none(value)
        category = _catalogue(info).category(str(info.data.get("category", "")))
        if category is None:
            return value
        if value is None and category.subcategories:
            raise PydanticCustomError("subcategory_required", "choose a subcategory")
        if value is not None and category.subcategory(str(value).strip()) is None:
            raise PydanticCustomError("unknown_subcategory", "subcategory is not in the category")
        return value


def validate_webform(
    data: Mapping[str, object], *, catalogue: ServiceCatalogue
) -> WebFormSubmission:
    """Validate form fields against the catalogue; raises pydantic.ValidationError per field."""
    return WebFormSubmission.model_validate(dict(data), context={"catalogue": catalogue})

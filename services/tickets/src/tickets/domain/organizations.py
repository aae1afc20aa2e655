"""Organizations (customer companies) identified by CNPJ.

Both CNPJ formats are accepted: the classic 14 digits and the alphanumeric one the Receita
Federal issues from July 2026 (12 letters/digits + 2 check digits; each character counts as its
ASCII code minus 48, so digits keep their value).
"""

from __future__ import annotations

import re

from pydantic import field_validator

from tickets.domain.errors import InvalidOrganization
from tickets.domain.language import Localized
from tickets.domain.model import DomainModel

_CNPJ_SHAPE = re.compile(r"[0-9A-Z]{12}[0-9]{2}")
_FIRST_WEIGHTS = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_SECOND_WEIGHTS = (6, *_FIRST_WEIGHTS)


def _check_digit(chars: str, weights: tuple[int, ...]) -> int:
    total = sum((ord(c) - 48) * w for c, w in zip(chars, weights, strict=True))
    remainder = total % 11
    return 0 if remainder < 2 else 11 - remainder


def normalize_cnpj(raw: str) -> str:
    """The CNPJ without punctuation, upper-case; InvalidOrganization when it is not valid."""
    cnpj = re.sub(r"[.\-/\s]", "", raw).upper()
    valid_shape = bool(_CNPJ_SHAPE.fullmatch(cnpj)) and len(set(cnpj)) > 1
    if valid_shape:
        first = _check_digit(cnpj[:12], _FIRST_WEIGHTS)
        second = _check_digit(cnpj[:12] + str(first), _SECOND_WEIGHTS)
        valid_shape = cnpj[12:] == f"{first}{second}"
    if not valid_shape:
        raise InvalidOrganization(
            Localized(f"CNPJ inválido: {raw}.", f"Invalid CNPJ (Brazilian company id): {raw}.")
        )
    return cnpj


def format_cnpj(cnpj: str) -> str:
    """A stored (normalized) CNPJ as people write it: 00.000.000/0000-00."""
    return f"{cnpj[:2]}.{cnpj[2:5]}.{cnpj[5:8]}/{cnpj[8:12]}-{cnpj[12:]}"


class Organization(DomainModel):
    id: str
    name: str
    cnpj: str | None = None  # normalized: 14 characters, no punctuation
    contract_level: str | None = None
    """The customer's plan ("basico", "premium"…), set by staff; priority rules can name it."""

    @property
    def formatted_cnpj(self) -> str | None:
        return format_cnpj(self.cnpj) if self.cnpj else None

    @field_validator("cnpj")
    @classmethod
    def _valid_cnpj(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return normalize_cnpj(value)
        except InvalidOrganization as invalid:
            raise ValueError(invalid.reason.en) from invalid

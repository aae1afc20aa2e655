"""CNPJ, the Brazilian company registry number, checked with its real check digits."""

from __future__ import annotations

import re

_FORMATTED = re.compile(r"^\d{2}\.?\d{3}\.?\d{3}/?\d{4}-?\d{2}$")
_FIRST_WEIGHTS = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_SECOND_WEIGHTS = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: str, weights: tuple[int, ...]) -> str:
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return "0" if remainder < 2 else str(11 - remainder)


def normalize_cnpj(value: str) -> str | None:
    """The 14 digits of a valid CNPJ ("12.345.678/0001-95" or digits), None when it is invalid."""
    candidate = value.strip()
    if not _FORMATTED.match(candidate):
        return None
    digits = re.sub(r"\D", "", candidate)
    if len(set(digits)) == 1:
        return None
    first = _check_digit(digits[:12], _FIRST_WEIGHTS)
    second = _check_digit(digits[:12] + first, _SECOND_WEIGHTS)
    return digits if digits[12:] == first + second else None


def format_cnpj(digits: str) -> str:
    """A CNPJ's 14 digits written the usual way: 12.345.678/0001-95."""
    return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}/{digits[8:12]}-{digits[12:]}"

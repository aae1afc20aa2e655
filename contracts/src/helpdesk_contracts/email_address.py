"""E-mail address fields whose check is remembered per address.

The same few addresses come back in every event about a ticket, and checking one (syntax, IDNA
and Unicode rules of `email-validator`) cost more CPU than parsing the rest of the event. A
valid address is checked once per process and its normalised form reused; an invalid one is
checked, and refused, every time. The JSON Schema stays pydantic's `EmailStr` (`format: email`).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import EmailStr, ValidatorFunctionWrapHandler, WrapValidator

REMEMBERED = 4096
"""Addresses kept; the memory is emptied when full (a burst of new addresses costs a re-check)."""
_checked: dict[str, str] = {}


def _remembered(value: Any, check: ValidatorFunctionWrapHandler) -> str:
    if isinstance(value, str) and (normalised := _checked.get(value)) is not None:
        return normalised
    normalised = check(value)
    if isinstance(value, str):
        if len(_checked) >= REMEMBERED:
            _checked.clear()
        _checked[value] = normalised
    return str(normalised)


EmailAddress = Annotated[EmailStr, WrapValidator(_remembered)]
"""An e-mail address as `EmailStr` checks it, checked once per distinct address."""

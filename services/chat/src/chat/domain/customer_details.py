"""Reading and checking what the customer tells about themselves and their ticket."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

MAX_NAME_LENGTH = 80
MIN_DESCRIPTION_LENGTH = 5
MAX_DESCRIPTION_LENGTH = 2000

_GREETING = re.compile(
    r"^(?:oi|olá|ola|bom dia|boa tarde|boa noite|hi|hello|hey)\b[\s,!.]*", re.IGNORECASE
)
_NAME_PREFIXES = re.compile(
    r"^(?:meu nome (?:é|e)|me chamo|(?:eu )?sou(?: [oa](?= ))?|my name is|i am|i'm|it's)\s+",
    re.IGNORECASE,
)
_PROTOCOL_TOKEN = re.compile(r"[A-Za-z0-9-]*\d[A-Za-z0-9-]*")
_PROTOCOL_LENGTH = range(3, 33)


def read_name(text: str) -> str | None:
    """The customer's name ("meu nome é ana souza" -> "Ana Souza"), or None if it is not one."""
    name = _NAME_PREFIXES.sub("", _GREETING.sub("", text.strip()))
    name = " ".join(name.split()).strip(" .,!")
    if not name or len(name) > MAX_NAME_LENGTH:
        return None
    if not any(char.isalpha() for char in name):
        return None
    if any(char.isdigit() or char == "@" for char in name):
        return None
    return name.title() if name == name.lower() else name


def read_email(text: str) -> str | None:
    """The normalised email address in the message, or None if it is not a valid one."""
    candidates = [word.strip(".,;<>()") for word in text.split() if "@" in word]
    if len(candidates) != 1:
        return None
    try:
        checked = validate_email(candidates[0], check_deliverability=False)
    except EmailNotValidError:
        return None
    return checked.normalized


def same_requester(first: str, second: str) -> bool:
    """Whether two email addresses name the same requester (case does not matter)."""
    return first.strip().casefold() == second.strip().casefold()


def read_protocol_number(text: str) -> str | None:
    """The protocol number in the message ("#123456", "protocolo 2024-000123"), upper-cased."""
    found: list[str] = _PROTOCOL_TOKEN.findall(text.replace("º", " "))
    tokens = [token.strip("-") for token in found if token.strip("-")]
    if len(tokens) != 1 or len(tokens[0]) not in _PROTOCOL_LENGTH:
        return None
    return tokens[0].upper()


def read_description(text: str) -> str | None:
    """A ticket description of acceptable length, with its spacing tidied."""
    description = text.strip()
    if not MIN_DESCRIPTION_LENGTH <= len(description) <= MAX_DESCRIPTION_LENGTH:
        return None
    return description if any(char.isalpha() for char in description) else None

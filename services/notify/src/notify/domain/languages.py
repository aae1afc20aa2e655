"""Languages customers read their updates in, and how dates are shown to them."""

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo


class Language(StrEnum):
    """A language we have templates for; pt-BR is the default."""

    PT_BR = "pt-BR"
    EN = "en"


DEFAULT_LANGUAGE = Language.PT_BR


def select_language(*preferences: str | None) -> Language:
    """First supported language among BCP 47-ish tags (``en-US``, ``pt_BR``...), else pt-BR."""
    for tag in preferences:
        if not tag:
            continue
        primary = tag.strip().replace("_", "-").split("-")[0].lower()
        if primary == "en":
            return Language.EN
        if primary == "pt":
            return Language.PT_BR
    return DEFAULT_LANGUAGE


def format_local_datetime(value: datetime, time_zone: str, language: Language) -> str:
    """A deadline as a person reads it, in the calendar's time zone (``21/11/2024 14:30``)."""
    if value.tzinfo is None:
        raise ValueError("datetimes shown to people must be timezone-aware")
    local = value.astimezone(ZoneInfo(time_zone))
    if language is Language.EN:
        return local.strftime("%Y-%m-%d %H:%M") + f" ({time_zone})"
    return local.strftime("%d/%m/%Y %H:%M") + f" ({time_zone})"

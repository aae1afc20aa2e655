"""What the web form offers to pick from: countries named in the page's language (Babel's CLDR
names, for the regions phone numbers are checked against), sorted as a reader of that language
expects; and the pages' two small scripts (served by the project, allowed by the CSP)."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.resources import files

import phonenumbers
from babel import Locale

from intake.domain.service_catalogue import Language

_LOCALES: dict[Language, str] = {"pt-BR": "pt_BR", "en": "en"}


def _sort_key(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


@cache
def countries(language: Language) -> tuple[tuple[str, str], ...]:
    """(ISO code, name) of every country the form accepts, by name in `language`."""
    names = Locale.parse(_LOCALES[language]).territories
    regions = ((code, names.get(code, code)) for code in phonenumbers.SUPPORTED_REGIONS)
    return tuple(sorted(regions, key=lambda pair: _sort_key(pair[1])))


SCRIPTS = frozenset({"form.js", "submission.js"})


@cache
def page_script(name: str) -> str:
    """One of SCRIPTS: form.js narrows subcategories, submission.js shows the protocol."""
    return files("intake").joinpath("templates", name).read_text(encoding="utf-8")

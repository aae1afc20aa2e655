"""The categories and subcategories a customer picks from on the web form."""

from __future__ import annotations

from importlib.resources import files
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

Language = Literal["pt-BR", "en"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Subcategory(_Frozen):
    code: str = Field(min_length=1)
    label: dict[str, str]

    def label_in(self, language: Language) -> str:
        """The label in the language, falling back to pt-BR."""
        return self.label.get(language) or self.label.get("pt-BR") or self.code


class Category(_Frozen):
    code: str = Field(min_length=1)
    label: dict[str, str]
    subcategories: tuple[Subcategory, ...] = ()

    def label_in(self, language: Language) -> str:
        """The label in the language, falling back to pt-BR."""
        return self.label.get(language) or self.label.get("pt-BR") or self.code

    def subcategory(self, code: str) -> Subcategory | None:
        """The subcategory with this code, if the category has it."""
        return next((s for s in self.subcategories if s.code == code), None)


class ServiceCatalogue(_Frozen):
    """A configurable catalogue; codes are what tickets store, labels what customers read."""

    categories: tuple[Category, ...]

    def category(self, code: str) -> Category | None:
        """The category with this code, if the catalogue has it."""
        return next((c for c in self.categories if c.code == code), None)


def load_catalogue(text: str) -> ServiceCatalogue:
    """A catalogue from its YAML text (raises pydantic.ValidationError when malformed)."""
    return ServiceCatalogue.model_validate(yaml.safe_load(text))


def default_catalogue() -> ServiceCatalogue:
    """The catalogue shipped with intake (intake/default_catalogue.yaml)."""
    return load_catalogue(files("intake").joinpath("default_catalogue.yaml").read_text("utf-8"))

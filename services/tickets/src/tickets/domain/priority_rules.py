"""Priority of a new ticket from configurable rules (P3 when no rule matches).

A rule names a category (and optionally a subcategory), words of the customer's text ("sistema
parado") and/or the contract level of the requester's organization ("premium"); a ticket must
meet every condition a rule names. Of the rules that match, the most urgent wins; a subcategory
rule replaces the plain rule for its whole category, so "Financeiro → P2" with
"Financeiro/Boleto → P3" gives a boleto P3 (a contract's rule is never replaced: the contract
still holds). The rule that chose is kept on the ticket's history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import Field, model_validator

from tickets.domain.duplicates import normalize_text
from tickets.domain.model import DomainModel, Priority

_NOT_A_WORD = re.compile(r"[^\w]+")


def _words(text: str) -> str:
    """Accent-free, case-folded words separated by single spaces, with a space at each end."""
    return f" {_NOT_A_WORD.sub(' ', normalize_text(text)).strip()} "


class PriorityRule(DomainModel):
    """`priority` for tickets whose classification and text match every condition given."""

    name: str = Field(default="", description="Shown on the ticket's history; default: derived")
    priority: Priority
    category: str | None = Field(default=None, description="Compared without case or accents")
    subcategory: str | None = None
    keywords: tuple[str, ...] = Field(
        default=(), description="Any of these words or phrases in the subject or first message"
    )
    contract_level: str | None = Field(
        default=None, description="The requester's organization's contract level (no case/accents)"
    )

    @model_validator(mode="after")
    def _has_a_condition(self) -> PriorityRule:
        if self.category is None and not self.keywords and self.contract_level is None:
            raise ValueError("a priority rule needs a category, keywords or a contract level")
        if self.subcategory is not None and self.category is None:
            raise ValueError("a subcategory rule needs its category")
        return self

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        if self.keywords:
            return "palavras: " + ", ".join(self.keywords)
        contract = f"contrato {self.contract_level}" if self.contract_level else None
        return " / ".join(part for part in (contract, self.category, self.subcategory) if part)

    def matches(self, facts: TicketFacts) -> bool:
        if self.contract_level is not None and facts.contract_level_key != normalize_text(
            self.contract_level
        ):
            return False
        if self.category is not None and facts.category_key != normalize_text(self.category):
            return False
        if self.subcategory is not None and facts.subcategory_key != normalize_text(
            self.subcategory
        ):
            return False
        return not self.keywords or any(_words(word) in facts.text_key for word in self.keywords)


@dataclass(frozen=True)
class TicketFacts:
    """What the rules look at: the classification and the customer's own words."""

    category: str | None = None
    subcategory: str | None = None
    text: str = ""
    contract_level: str | None = None

    @property
    def contract_level_key(self) -> str | None:
        return normalize_text(self.contract_level) if self.contract_level else None

    @property
    def category_key(self) -> str | None:
        return normalize_text(self.category) if self.category else None

    @property
    def subcategory_key(self) -> str | None:
        return normalize_text(self.subcategory) if self.subcategory else None

    @property
    def text_key(self) -> str:
        return _words(self.text)


@dataclass(frozen=True)
class PriorityDecision:
    priority: Priority
    rule: str | None  # the label of the rule that chose; None: the default


class PriorityRules(DomainModel):
    rules: tuple[PriorityRule, ...] = ()
    default: Priority = Priority.P3

    def decide(self, facts: TicketFacts) -> PriorityDecision:
        matching = [rule for rule in self.rules if rule.matches(facts)]
        plain = [rule for rule in matching if rule.contract_level is None]
        refined = {normalize_text(r.category) for r in plain if r.category and r.subcategory}
        candidates = [
            rule
            for rule in matching
            if rule.subcategory is not None
            or rule.category is None
            or rule.contract_level is not None
            or normalize_text(rule.category) not in refined
        ]
        if not candidates:
            return PriorityDecision(self.default, None)
        chosen = min(candidates, key=lambda rule: rule.priority.value)
        return PriorityDecision(chosen.priority, chosen.label)

    def priority_for(
        self,
        category: str | None,
        subcategory: str | None = None,
        text: str = "",
        contract_level: str | None = None,
    ) -> Priority:
        return self.decide(TicketFacts(category, subcategory, text, contract_level)).priority

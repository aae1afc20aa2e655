"""Priority of a new ticket from configurable category rules (P3 when no rule matches)."""

from __future__ import annotations

from tickets.domain.duplicates import normalize_text
from tickets.domain.model import DomainModel, Priority


class CategoryRule(DomainModel):
    """`category` (and, when given, `subcategory`) → `priority`; names compare without case
    or accents, so "Cobrança" and "cobranca" are the same category."""

    category: str
    subcategory: str | None = None
    priority: Priority


class PriorityRules(DomainModel):
    rules: tuple[CategoryRule, ...] = ()
    default: Priority = Priority.P3

    def priority_for(self, category: str | None, subcategory: str | None = None) -> Priority:
        """A rule for the exact subcategory wins over a rule for the whole category."""
        if not category:
            return self.default
        wanted_category = normalize_text(category)
        wanted_sub = normalize_text(subcategory) if subcategory else None
        category_wide: Priority | None = None
        for rule in self.rules:
            if normalize_text(rule.category) != wanted_category:
                continue
            if rule.subcategory is None:
                category_wide = category_wide or rule.priority
            elif wanted_sub is not None and normalize_text(rule.subcategory) == wanted_sub:
                return rule.priority
        return category_wide or self.default

"""An agent reclassifying a ticket (category, subcategory), and the priority that follows.

A priority the category rules chose follows the ticket into its new category: an outage filed
as a question is raised when an agent corrects the category, and lowered again the other way.
A priority a person chose stays: once an agent changed it, or when it differs from what the
rules give the ticket's current category (a phone ticket opened with a chosen priority).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tickets.domain.duplicates import normalize_text
from tickets.domain.errors import InvalidClassification
from tickets.domain.events import Outcome
from tickets.domain.language import Localized
from tickets.domain.model import SYSTEM, Actor, AuthorKind, Ticket
from tickets.domain.priority_rules import PriorityRules
from tickets.domain.triage import change_category, change_priority

SUBCATEGORY_NEEDS_CATEGORY = Localized(
    "Uma subcategoria precisa de uma categoria.", "A subcategory needs a category."
)


@dataclass(frozen=True)
class Reclassification:
    """The category and subcategory an agent sends; one left out (`sets_…` false) keeps its
    value, except that a new category drops the old one's subcategory (it belonged there)."""

    category: str | None = None
    subcategory: str | None = None
    sets_category: bool = False
    sets_subcategory: bool = False

    def applied_to(self, ticket: Ticket) -> tuple[str | None, str | None]:
        """The (category, subcategory) the ticket ends up with."""
        category = self.category if self.sets_category else ticket.category
        if self.sets_subcategory:
            subcategory = self.subcategory
        elif _same_category(category, ticket.category):
            subcategory = ticket.subcategory
        else:
            subcategory = None
        if subcategory is not None and category is None:
            raise InvalidClassification(SUBCATEGORY_NEEDS_CATEGORY)
        return category, subcategory


def priority_follows_rules(ticket: Ticket, rules: PriorityRules) -> bool:
    """Whether the priority is still the rules' choice for the ticket's classification."""
    chosen_by_someone = any(
        entry.field == "priority" and entry.actor.kind is not AuthorKind.SYSTEM
        for entry in ticket.history
    )
    following = ticket.priority is rules.priority_for(
        ticket.category, ticket.subcategory, _customer_words(ticket), ticket.contract_level
    )
    return following and not chosen_by_someone


def reclassify(
    ticket: Ticket,
    request: Reclassification,
    *,
    rules: PriorityRules,
    keep_priority: bool,
    actor: Actor,
    now: datetime,
) -> Outcome:
    """The new classification (ticket.updated), then the rules' priority for it when the
    priority followed the rules (ticket.priority_changed, by the system); `keep_priority`
    when the agent sets the priority in the same request."""
    category, subcategory = request.applied_to(ticket)
    moved = change_category(
        ticket, category=category, subcategory=subcategory, actor=actor, now=now
    )
    if not moved.changed or keep_priority or not priority_follows_rules(ticket, rules):
        return moved
    derived = change_priority(
        moved.ticket,
        priority=rules.priority_for(
            category, subcategory, _customer_words(ticket), ticket.contract_level
        ),
        actor=SYSTEM,
        now=now,
    )
    return Outcome(ticket=derived.ticket, events=(*moved.events, *derived.events))


def _same_category(one: str | None, other: str | None) -> bool:
    """Categories compare as the priority rules compare them: without case or accents."""
    return (normalize_text(one) if one else None) == (normalize_text(other) if other else None)


def _customer_words(ticket: Ticket) -> str:
    """What the keyword rules read: the subject and the first message."""
    first = ticket.comments[0].body if ticket.comments else ""
    return f"{ticket.subject}\n{first}"

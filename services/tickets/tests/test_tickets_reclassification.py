"""An agent reclassifying a ticket: which subcategory stays, and when the priority follows the
category rules into the new category."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from tickets.domain.errors import InvalidClassification, TicketLocked
from tickets.domain.events import Outcome
from tickets.domain.model import SYSTEM, Actor, AuthorKind, Priority, Ticket
from tickets.domain.priority_rules import PriorityRule, PriorityRules
from tickets.domain.reclassification import Reclassification, reclassify
from tickets.domain.status import TicketStatus
from tickets.domain.triage import change_priority

TicketFactory = Callable[..., Ticket]
AGENT = Actor(kind=AuthorKind.AGENT, id="agent-bia")
RULES = PriorityRules(
    rules=(
        PriorityRule(category="Indisponibilidade", priority=Priority.P1),
        PriorityRule(category="Cobrança", subcategory="Cobrança indevida", priority=Priority.P2),
    )
)


def to(category: str | None, subcategory: str | None = None) -> Reclassification:
    return Reclassification(
        category=category, subcategory=subcategory, sets_category=True, sets_subcategory=True
    )


def by_agent(
    ticket: Ticket, request: Reclassification, now: datetime, *, keep_priority: bool = False
) -> Outcome:
    return reclassify(
        ticket, request, rules=RULES, keep_priority=keep_priority, actor=AGENT, now=now
    )


def test_priority_the_rules_chose_follows_the_new_category(
    ticket: TicketFactory, t0: datetime
) -> None:
    question = ticket(category="Dúvida")  # no rule: P3

    outcome = by_agent(question, to("Indisponibilidade"), t0)

    assert (outcome.ticket.category, outcome.ticket.priority) == ("Indisponibilidade", Priority.P1)
    assert [e.name for e in outcome.events] == ["ticket.updated", "ticket.priority_changed"]
    category, priority = outcome.ticket.history[-2:]
    assert (category.field, category.old, category.new, category.actor) == (
        "category",
        "Dúvida",
        "Indisponibilidade",
        AGENT,
    )
    assert (priority.field, priority.new, priority.actor) == ("priority", "P1", SYSTEM)


def test_priority_the_rules_chose_is_lowered_when_the_category_was_wrong(
    ticket: TicketFactory, t0: datetime
) -> None:
    outage = ticket(category="indisponibilidade", priority=Priority.P1)

    outcome = by_agent(outage, to("Dúvida"), t0)

    assert outcome.ticket.priority is Priority.P3


def test_priority_an_agent_chose_stays(ticket: TicketFactory, t0: datetime) -> None:
    raised = change_priority(ticket(), priority=Priority.P0, actor=AGENT, now=t0).ticket
    raised_and_back = change_priority(raised, priority=Priority.P3, actor=AGENT, now=t0).ticket

    for chosen in (raised, raised_and_back):
        outcome = by_agent(chosen, to("Indisponibilidade"), t0)
        assert outcome.ticket.priority is chosen.priority
        assert [e.name for e in outcome.events] == ["ticket.updated"]


def test_priority_that_differs_from_the_rules_stays(ticket: TicketFactory, t0: datetime) -> None:
    """A phone ticket opened with a chosen priority has no audit line, but differs from the
    rules for its category."""
    phoned = ticket(category="Dúvida", priority=Priority.P2)

    outcome = by_agent(phoned, to("Indisponibilidade"), t0)

    assert outcome.ticket.priority is Priority.P2


def test_priority_sent_with_the_category_keeps_the_rules_out(
    ticket: TicketFactory, t0: datetime
) -> None:
    outcome = by_agent(ticket(), to("Indisponibilidade"), t0, keep_priority=True)

    assert outcome.ticket.priority is Priority.P3
    assert [e.name for e in outcome.events] == ["ticket.updated"]


def test_subcategory_rule_applies_to_a_new_subcategory(ticket: TicketFactory, t0: datetime) -> None:
    billing = ticket(category="Cobrança", subcategory="Boleto")
    keeps_category = Reclassification(subcategory="cobranca indevida", sets_subcategory=True)

    outcome = by_agent(billing, keeps_category, t0)

    assert (outcome.ticket.category, outcome.ticket.subcategory) == (
        "Cobrança",
        "cobranca indevida",
    )
    assert outcome.ticket.priority is Priority.P2


def test_new_category_drops_the_old_subcategory_unless_one_is_sent(
    ticket: TicketFactory,
) -> None:
    billing = ticket(category="Cobrança", subcategory="Boleto")

    only_category = Reclassification(category="Acesso", sets_category=True)
    same_category = Reclassification(category="cobranca", sets_category=True)

    assert only_category.applied_to(billing) == ("Acesso", None)
    assert same_category.applied_to(billing) == ("cobranca", "Boleto")
    assert to("Acesso", "Senha").applied_to(billing) == ("Acesso", "Senha")
    assert to(None).applied_to(billing) == (None, None)


def test_subcategory_without_a_category_is_refused(ticket: TicketFactory) -> None:
    with pytest.raises(InvalidClassification):
        Reclassification(subcategory="Boleto", sets_subcategory=True).applied_to(ticket())
    with pytest.raises(InvalidClassification):
        to(None, "Boleto").applied_to(ticket(category="Cobrança"))


def test_same_classification_changes_nothing(ticket: TicketFactory, t0: datetime) -> None:
    billing = ticket(category="Cobrança", subcategory="Boleto")

    outcome = by_agent(billing, to("Cobrança", "Boleto"), t0)

    assert outcome.ticket is billing
    assert not outcome.changed


def test_closed_ticket_cannot_be_reclassified(ticket: TicketFactory, t0: datetime) -> None:
    with pytest.raises(TicketLocked):
        by_agent(ticket(status=TicketStatus.CLOSED), to("Acesso"), t0)


def test_a_premium_customers_priority_follows_the_category_within_their_contract(
    ticket: TicketFactory, t0: datetime
) -> None:
    """The contract level the ticket opened under still counts when an agent reclassifies."""
    premium = PriorityRules(
        rules=(
            *RULES.rules,
            PriorityRule(contract_level="premium", priority=Priority.P2),
        )
    )
    opened = ticket(category="Indisponibilidade", priority=Priority.P1, contract_level="premium")

    outcome = reclassify(
        opened, to("Dúvida"), rules=premium, keep_priority=False, actor=AGENT, now=t0
    )

    assert outcome.ticket.priority is Priority.P2  # the contract's floor, not P3

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from tickets.domain.agents import Agent, Group, pick_next_assignee
from tickets.domain.model import Priority
from tickets.domain.priority_rules import (
    PriorityDecision,
    PriorityRule,
    PriorityRules,
    TicketFacts,
)
from tickets.priority_rules_file import load_priority_rules, parse_priority_rules

TEAM = [
    Agent(id="a-caio", name="Caio", group_ids=("n1",)),
    Agent(id="a-ana", name="Ana", group_ids=("n1",)),
    Agent(id="a-bia", name="Bia", group_ids=("n1", "fin"), available=False),
    Agent(id="a-duda", name="Duda", group_ids=("n1",)),
    Agent(id="a-edu", name="Edu", group_ids=("fin",)),
]


def _rotation(group: Group, agents: list[Agent], turns: int) -> list[str]:
    picked: list[str] = []
    for _ in range(turns):
        pick = pick_next_assignee(group, agents)
        assert pick is not None
        picked.append(pick.agent_id)
        group = pick.group
    return picked


def test_round_robin_rotates_through_available_members_in_order() -> None:
    group = Group(id="n1", name="Nível 1", round_robin=True)
    assert _rotation(group, TEAM, 6) == ["a-ana", "a-caio", "a-duda"] * 2


def test_round_robin_continues_after_the_groups_pointer() -> None:
    group = Group(id="n1", name="Nível 1", round_robin=True, last_assigned_agent_id="a-caio")
    assert _rotation(group, TEAM, 2) == ["a-duda", "a-ana"]


def test_pointer_to_an_agent_who_left_passes_the_turn_to_the_next_one() -> None:
    group = Group(id="n1", name="Nível 1", round_robin=True, last_assigned_agent_id="a-beto")
    pick = pick_next_assignee(group, TEAM)
    assert pick is not None
    assert pick.agent_id == "a-caio"


def test_unavailable_agent_is_skipped_and_no_one_available_means_no_pick() -> None:
    fin = Group(id="fin", name="Financeiro", round_robin=True, last_assigned_agent_id="a-aaa")
    pick = pick_next_assignee(fin, TEAM)
    assert pick is not None
    assert pick.agent_id == "a-edu"
    nobody = [a.model_copy(update={"available": False}) for a in TEAM]
    assert pick_next_assignee(fin, nobody) is None


def test_group_without_round_robin_is_assigned_by_hand() -> None:
    assert pick_next_assignee(Group(id="n1", name="Nível 1"), TEAM) is None


RULES = PriorityRules(
    rules=(
        PriorityRule(category="Acesso", priority=Priority.P1),
        PriorityRule(category="Acesso", subcategory="Sistema fora do ar", priority=Priority.P0),
        PriorityRule(category="Cobrança", priority=Priority.P2),
    )
)


@pytest.mark.parametrize(
    ("category", "subcategory", "priority"),
    [
        ("Acesso", "Sistema fora do ar", Priority.P0),
        ("acesso", "SISTEMA FORA DO AR", Priority.P0),
        ("Acesso", "Senha", Priority.P1),
        ("Acesso", None, Priority.P1),
        ("cobranca", None, Priority.P2),
        ("Dúvida", None, Priority.P3),
        (None, None, Priority.P3),
    ],
)
def test_priority_comes_from_category_rules_with_p3_by_default(
    category: str | None, subcategory: str | None, priority: Priority
) -> None:
    assert RULES.priority_for(category, subcategory) is priority


def test_default_priority_is_configurable() -> None:
    assert PriorityRules(default=Priority.P2).priority_for("Qualquer") is Priority.P2


SHIPPED = load_priority_rules(None)


@pytest.mark.parametrize(
    ("facts", "priority", "rule"),
    [
        (TicketFacts(text="Socorro: o SISTEMA PARADO desde cedo!"), Priority.P0, "Sistema parado"),
        (TicketFacts("financeiro", "boleto", "tudo parado aqui"), Priority.P0, "Sistema parado"),
        (TicketFacts("acesso", "bloqueio"), Priority.P1, "Usuário bloqueado"),
        (TicketFacts("acesso", "senha"), Priority.P2, "Acesso e login"),
        (TicketFacts("financeiro", "boleto"), Priority.P3, "Boleto e nota fiscal"),
        (TicketFacts(text="Como faço para mudar minha senha?"), Priority.P3, None),
        (TicketFacts(text="Os sistemas paradoxais"), Priority.P3, None),
    ],
)
def test_shipped_rules_raise_an_outage_to_p0_and_leave_questions_at_p3(
    facts: TicketFacts, priority: Priority, rule: str | None
) -> None:
    assert SHIPPED.decide(facts) == PriorityDecision(priority, rule)


def test_a_rules_file_replaces_the_shipped_rules(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - {priority: P1, keywords: [nota fiscal]}\n")
    rules = load_priority_rules(path)
    assert rules.decide(TicketFacts(text="Nota fiscal errada")) == PriorityDecision(
        Priority.P1, "palavras: nota fiscal"
    )
    assert rules.decide(TicketFacts(text="sistema parado")).priority is Priority.P3


def test_a_rule_without_any_condition_is_refused() -> None:
    with pytest.raises(ValidationError, match="needs a category, keywords or a contract level"):
        parse_priority_rules("rules:\n  - {priority: P0}\n")


@pytest.mark.parametrize(
    ("facts", "priority", "rule"),
    [
        (
            TicketFacts(text="Segunda via?", contract_level="Premium"),
            Priority.P2,
            "Contrato premium",
        ),
        (
            TicketFacts("tecnico", contract_level="premium"),
            Priority.P1,
            "Contrato premium, problema técnico",
        ),
        (
            TicketFacts("financeiro", "boleto", contract_level="premium"),
            Priority.P2,
            "Contrato premium",
        ),
        (
            TicketFacts(text="sistema parado", contract_level="premium"),
            Priority.P0,
            "Sistema parado",
        ),
        (TicketFacts(text="Segunda via?", contract_level="basico"), Priority.P3, None),
        (TicketFacts("tecnico"), Priority.P2, "Problema técnico"),
    ],
)
def test_an_organizations_contract_level_raises_its_tickets_by_the_shipped_rules(
    facts: TicketFacts, priority: Priority, rule: str | None
) -> None:
    assert SHIPPED.decide(facts) == PriorityDecision(priority, rule)


def test_a_contract_level_rule_in_a_file_is_named_by_its_level_on_the_history(
    tmp_path: Path,
) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - {priority: P1, contract_level: Ouro}\n")
    gold = TicketFacts(text="Dúvida", contract_level="ouro")
    assert load_priority_rules(path).decide(gold) == PriorityDecision(Priority.P1, "contrato Ouro")

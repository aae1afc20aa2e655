from __future__ import annotations

import pytest

from tickets.domain.agents import Agent, Group, pick_next_assignee
from tickets.domain.model import Priority
from tickets.domain.priority_rules import CategoryRule, PriorityRules

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
        CategoryRule(category="Acesso", priority=Priority.P1),
        CategoryRule(category="Acesso", subcategory="Sistema fora do ar", priority=Priority.P0),
        CategoryRule(category="Cobrança", priority=Priority.P2),
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

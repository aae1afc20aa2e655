"""The SLA configuration file: defaults, custom calendars and clear errors for wrong settings."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from helpdesk_calendar.business_time import add_business_minutes
from sla.config_file import default_sla_config, load_sla_config, parse_sla_config
from sla.domain.sla_config import SlaConfig

SAO_PAULO = ZoneInfo("America/Sao_Paulo")


def test_shipped_yaml_is_the_default_configuration() -> None:
    assert default_sla_config() == SlaConfig()


def test_default_targets_match_the_agreed_service_levels() -> None:
    policy = SlaConfig().to_policy()
    hours = {
        priority: (
            targets.calendar,
            targets.first_response / timedelta(hours=1),
            targets.resolution / timedelta(hours=1),
        )
        for priority, targets in policy.priorities.items()
    }
    assert hours == {
        "P0": ("business", 4, 4),
        "P1": ("business", 4, 12),
        "P2": ("business", 24, 40),
        "P3": ("business", 24, 48),
    }
    assert policy.warning_fractions == (0.75,)
    ladder = [
        (step.level, step.after_breach / timedelta(hours=1)) for step in policy.escalation_ladder
    ]
    assert ladder == [("agent", 0), ("leader", 1), ("coordinator", 4), ("manager", 8)]
    assert not policy.pause_on_hold


def test_default_business_calendar_is_sao_paulo_office_hours_with_national_holidays() -> None:
    calendar = SlaConfig().to_policy().calendar_named("business")
    assert calendar.timezone == "America/Sao_Paulo"
    assert calendar.opening_hours.describe()["monday"] == ["09:00-18:00"]
    assert calendar.opening_hours.describe()["saturday"] == []
    assert calendar.is_closed(date(2026, 9, 7))
    assert not SlaConfig().to_policy().calendar_named("24x7").is_closed(date(2026, 9, 7))


DEFAULT = SlaConfig().model_dump(mode="json")
NOWHERE = {**DEFAULT["policies"]["P0"], "calendar": "nowhere"}


def business(**settings: Any) -> dict[str, Any]:
    """A configuration whose "business" calendar has these settings."""
    return {"calendars": {**DEFAULT["calendars"], "business": settings}}


def a_config(**changes: Any) -> dict[str, Any]:
    config = SlaConfig().model_dump(mode="json")
    config.update(changes)
    return config


def test_calendar_with_lunch_break_state_holidays_and_carnaval_is_read_from_a_dict() -> None:
    config = a_config(
        calendars={
            "sp": {
                "timezone": "America/Sao_Paulo",
                "opening_hours": {"monday": ["13:30-18:00", "09:00-12:00"]},
                "holidays": {
                    "country": "BR",
                    "subdivision": "SP",
                    "categories": ["public", "optional"],
                },
                "closed_dates": ["2026-02-20"],
            },
            "24x7": SlaConfig().calendars["24x7"].model_dump(mode="json"),
        },
        policies={
            priority: {**targets, "calendar": "sp" if priority != "P0" else "24x7"}
            for priority, targets in a_config()["policies"].items()
        },
    )
    calendar = SlaConfig.model_validate(config).to_policy().calendar_named("sp")
    assert [str(slot) for slot in calendar.opening_hours.slots_on(0)] == [
        "09:00-12:00",
        "13:30-18:00",
    ]
    assert calendar.is_closed(date(2026, 2, 16))  # Carnaval
    assert calendar.is_closed(date(2026, 7, 9))  # São Paulo state holiday
    assert calendar.is_closed(date(2026, 2, 20))  # custom closed date
    monday = datetime(2026, 3, 2, 11, 0, tzinfo=SAO_PAULO)
    assert add_business_minutes(calendar, monday, 90) == datetime(
        2026, 3, 2, 14, 0, tzinfo=SAO_PAULO
    )


def test_yaml_file_is_loaded_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "sla.yaml"
    path.write_text("warning_fractions: [0.5, 0.9]\npause_on_hold: true\n", encoding="utf-8")
    config = load_sla_config(path)
    assert config.warning_fractions == (0.5, 0.9)
    assert config.to_policy().pause_on_hold
    assert config.policies == SlaConfig().policies


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"policies": {**DEFAULT["policies"], "P0": NOWHERE}}, "unknown calendar 'nowhere'"),
        ({"policies": {"P0": {"calendar": "24x7"}}}, "first_response_minutes"),
        (business(opening_hours={"monday": ["09:00-12:00", "11:00-13:00"]}), "overlap"),
        (business(opening_hours={"funday": ["09:00-12:00"]}), "funday"),
        (business(opening_hours={"monday": ["18:00-09:00"]}), "start < end"),
        (business(opening_hours={"monday": ["9h-18h"]}), "pattern"),
        (business(timezone="Mars/Olympus"), "unknown time zone"),
        (business(holidays={"country": "XX"}), "unknown holiday country"),
        (business(holidays={"subdivision": "ZZ"}), "subdivision"),
        (business(holidays={"categories": ["bank"]}), "category"),
        ({"warning_fractions": [1.5]}, "between 0 and 1"),
        ({"calendars": {"24x7": {}}}, "unknown calendar 'business'"),
        ({"category_policies": {"Cobrança": {"P2": NOWHERE}}}, "category 'cobranca'"),
        ({"category_policies": {"Cobrança": {"P5": DEFAULT["policies"]["P2"]}}}, "P5"),
        (
            {"category_policies": {key: {} for key in ("Cobrança", "cobranca")}},
            "name the same category",
        ),
    ],
)
def test_wrong_settings_are_refused_with_a_clear_reason(
    changes: dict[str, Any], complaint: str
) -> None:
    with pytest.raises(ValidationError, match=complaint):
        SlaConfig.model_validate(a_config(**changes))


def test_every_priority_must_have_targets() -> None:
    policies = a_config()["policies"]
    del policies["P3"]
    with pytest.raises(ValidationError, match="P3"):
        SlaConfig.model_validate(a_config(policies=policies))


def test_a_category_may_have_targets_of_its_own_for_some_priorities() -> None:
    billing_p1 = {**DEFAULT["policies"]["P1"], "first_response_minutes": 60}
    policy = SlaConfig.model_validate(
        a_config(category_policies={"Cobrança": {"P1": billing_p1}})
    ).to_policy()
    assert policy.targets_for("P1", "cobrança").first_response == timedelta(hours=1)
    assert policy.targets_for("P1", "Cobranca") == policy.targets_for("P1", "COBRANÇA")
    assert policy.targets_for("P2", "Cobrança") == policy.targets_for("P2")  # not listed
    assert policy.targets_for("P1", "Acesso") == policy.targets_for("P1")  # no targets of its own


def test_empty_file_means_the_defaults() -> None:
    assert parse_sla_config("") == SlaConfig()

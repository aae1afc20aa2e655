"""The priority rules file: the shipped defaults, or the file a deployment names instead."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

import yaml

from tickets.domain.priority_rules import PriorityRules


def parse_priority_rules(text: str) -> PriorityRules:
    """Validate a rules file's text (`rules:` list); raises pydantic.ValidationError when wrong."""
    return PriorityRules.model_validate(yaml.safe_load(text) or {})


@cache
def load_priority_rules(path: Path | None) -> PriorityRules:
    """The rules in `path`, or the shipped defaults (tickets/default_priority_rules.yaml)."""
    if path is None:
        text = files("tickets").joinpath("default_priority_rules.yaml").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return parse_priority_rules(text)

"""Reading the SLA configuration file (YAML or JSON, which is YAML too) into `SlaConfig`."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import yaml

from sla.domain.sla_config import SlaConfig


def parse_sla_config(text: str) -> SlaConfig:
    """Validate the text of a configuration file; raises pydantic.ValidationError when wrong."""
    return SlaConfig.model_validate(yaml.safe_load(text) or {})


def load_sla_config(path: Path) -> SlaConfig:
    """Read and validate the configuration file at `path`."""
    return parse_sla_config(path.read_text(encoding="utf-8"))


def default_sla_config() -> SlaConfig:
    """The configuration shipped with the service (sla/default_config.yaml)."""
    return parse_sla_config(
        files("sla").joinpath("default_config.yaml").read_text(encoding="utf-8")
    )

"""The calendars and policies in force: the file's, until an admin replaces them over the API."""

from __future__ import annotations

from pathlib import Path

from sla.adapters.config_store import ConfigStore, StoredConfig
from sla.config_file import default_sla_config, load_sla_config
from sla.domain.policy import SlaPolicy
from sla.domain.sla_config import SlaConfig


class ActiveConfig:
    """What every replica computes with; `refresh` picks up a replacement made by another one."""

    def __init__(self, config: SlaConfig, version: int = 0) -> None:
        self._set(StoredConfig(config, version))

    @classmethod
    def from_file(cls, path: Path | None) -> ActiveConfig:
        return cls(load_sla_config(path) if path else default_sla_config())

    def _set(self, stored: StoredConfig) -> None:
        self.config = stored.config
        self.version = stored.version
        self.policy: SlaPolicy = stored.config.to_policy()

    def use(self, stored: StoredConfig) -> None:
        if stored.version >= self.version:
            self._set(stored)

    async def refresh(self, store: ConfigStore) -> bool:
        """Load a newer stored configuration; True when it changed."""
        if await store.version() <= self.version:
            return False
        stored = await store.load()
        if stored is None:
            return False
        self.use(stored)
        return True

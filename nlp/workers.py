"""Extraction in worker processes, so bulk ingest and the benchmark use every core.

spaCy's own ``nlp.pipe(n_process=...)`` sends whole ``Doc`` objects back from its workers, and
rhigraph's docs carry Python objects (mentions, entities, layout) that its serialiser cannot
write. Here the workers return the finished section 5 dicts instead, which are small and
plain. Workers are forked where the platform allows it, inheriting the caller's loaded
pipeline; elsewhere each worker loads the pipeline named by ``nlp.meta["rhigraph_model"]``.

At most ``2 * n_process`` batches are in flight, so a stream of any length is processed in
constant memory, and results come back in input order.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from spacy.language import Language

_NLP: Language | None = None  # the worker's pipeline (inherited on fork, loaded on spawn)
_IN_WORKER = False


def _init(model: str | None) -> None:
    global _NLP, _IN_WORKER
    _IN_WORKER = True
    if _NLP is None:
        from nlp.pipeline import load_pipeline

        _NLP = load_pipeline(model)


def _piece_entities(piece: str) -> list[tuple[int, int, str]]:
    from nlp.extract import model_entities

    assert _NLP is not None
    return model_entities(_NLP, piece)


def _work(batch: list[tuple[str, dict[str, Any] | None]], batch_size: int,
          isolate: bool) -> list[Any]:
    from nlp.extract import run_batch

    assert _NLP is not None
    return run_batch(_NLP, batch, batch_size, isolate=isolate)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def in_worker() -> bool:
    """True inside a worker process, where starting more workers would oversubscribe."""
    return _IN_WORKER


def _context() -> multiprocessing.context.BaseContext:
    fork = "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if fork else "spawn")


def pooled_pieces(nlp: Language, pieces: list[str],
                  n_process: int) -> list[list[tuple[int, int, str]]]:
    """The statistical model's entities of each piece of a long text, ``n_process`` at once."""
    global _NLP
    context = _context()
    previous, _NLP = _NLP, (nlp if context.get_start_method() == "fork" else None)
    try:
        with ProcessPoolExecutor(max_workers=n_process, mp_context=context, initializer=_init,
                                 initargs=(nlp.meta.get("rhigraph_model"),)) as pool:
            return list(pool.map(_piece_entities, pieces))
    finally:
        _NLP = previous


def pooled(nlp: Language, items: Iterable[tuple[str, dict[str, Any] | None]], n_process: int,
           batch_size: int, isolate: bool = False) -> Iterator[Any]:
    """Results for ``items`` in order, computed by ``n_process`` worker processes.

    With ``isolate``, a failed document's :class:`~graph.exc.Failure` comes in its place,
    and a worker that dies (killed for memory, say) costs speed, not documents: the batches
    it left unfinished, and every later one, are extracted in this process instead.
    """
    global _NLP
    context = _context()
    model = nlp.meta.get("rhigraph_model")
    previous, _NLP = _NLP, (nlp if context.get_start_method() == "fork" else None)
    try:
        with ProcessPoolExecutor(max_workers=n_process, mp_context=context, initializer=_init,
                                 initargs=(model,)) as pool:
            pending: deque[tuple[list[Any], Future[list[Any]] | None]] = deque()
            broken = False

            def submit(batch: list[Any]) -> Future[list[Any]] | None:
                nonlocal broken
                if not broken:
                    try:
                        return pool.submit(_work, batch, batch_size, isolate)
                    except BrokenProcessPool:
                        if not isolate:
                            raise
                        broken = True
                return None

            def result(batch: list[Any], future: Future[list[Any]] | None) -> list[Any]:
                nonlocal broken
                if future is not None:
                    try:
                        return future.result()
                    except BrokenProcessPool:
                        if not isolate:
                            raise
                        broken = True
                from nlp.extract import run_batch

                return run_batch(nlp, batch, batch_size, isolate=True)

            for batch in _batches(items, batch_size):
                pending.append((batch, submit(batch)))
                if len(pending) >= 2 * n_process:
                    yield from result(*pending.popleft())
            while pending:
                yield from result(*pending.popleft())
    finally:
        _NLP = previous

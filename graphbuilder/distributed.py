"""Extraction on a Dask cluster (``graphbuilder build ... --dask local|tcp://HOST:PORT``).

Why: the extraction is a pure function of (documents, knowledge, model), so a corpus that
outgrows one machine needs no other code, only more workers. The documents are cut into the
same ``work_units`` a local run parses (so every engine gives the same results); each unit
runs on a worker, which loads the model once and keeps it; the extractions stream back in
input order and are merged here exactly as in a local run, so ``graph.json`` is the same byte
for byte. At most a few units a worker are in flight, so neither this process nor the
scheduler holds the corpus.

``local`` starts a ``LocalCluster`` of worker processes on this machine (loopback only, no
dashboard); any other address is an existing scheduler, whose workers must have graphbuilder
and the model installed (start them with ``--nthreads 1``: one model per process). Needs the
optional extra: ``pip install 'graphbuilder[dask]'``.

>>> local_workers(3), local_workers(1) >= 1
(3, True)
>>> check_address("tcp://127.0.0.1:8786"), check_address("local")
('tcp://127.0.0.1:8786', 'local')
"""
from __future__ import annotations

import collections
import contextlib
import importlib.util
import logging
import os
import threading
from collections.abc import Iterable, Iterator

from .errors import DaskError
from .model import Document, Extraction
from .settings import DEFAULT_BATCH_CHARS, DEFAULT_BATCH_SIZE, DEFAULT_MODEL

__all__ = ["extract_documents", "check_address", "local_workers", "run_unit", "CONNECT_TIMEOUT"]

_SCHEMES = ("tcp://", "tls://", "inproc://", "ucx://", "ws://", "wss://")
_LOCK = threading.Lock()
#: How long to wait for a scheduler at an address before giving up.
CONNECT_TIMEOUT = "20s"


def check_address(address: str) -> str:
    """``local`` or a scheduler address with its scheme; anything else is a ``DaskError``.

    >>> check_address("10.0.0.5:8786")   # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    graphbuilder.errors.DaskError: ...
    """
    address = address.strip()
    if address == "local" or address.startswith(_SCHEMES):
        if importlib.util.find_spec("distributed") is None:
            raise DaskError("--dask needs dask.distributed: pip install 'graphbuilder[dask]'")
        return address
    raise DaskError(f"--dask takes 'local' or a scheduler address such as tcp://HOST:8786, "
                    f"not {address!r}")


def local_workers(n_process: int) -> int:
    """Workers of a ``LocalCluster``: ``--n-process`` when given (> 1), else one per CPU."""
    return n_process if n_process > 1 else max(1, os.cpu_count() or 1)


def run_unit(unit: list[Document], model: str, batch_chars: int) -> list[Extraction]:
    """The task a worker runs: one unit of whole documents (the model loads once per worker)."""
    from . import pipeline

    with _LOCK:  # one model per process; threads of one worker take turns
        nlp = pipeline.load_pipeline(model)
        return pipeline.extract_unit(nlp, unit, batch_chars)


@contextlib.contextmanager
def _client(address: str, n_process: int) -> Iterator:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise DaskError("--dask needs dask.distributed: pip install 'graphbuilder[dask]'") from None
    with contextlib.ExitStack() as stack:
        if address == "local":
            cluster = stack.enter_context(LocalCluster(
                n_workers=local_workers(n_process), threads_per_worker=1, processes=True,
                host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR))
            target = cluster
        else:
            target = address
        try:
            client = stack.enter_context(Client(target, timeout=CONNECT_TIMEOUT))
        except (OSError, TimeoutError) as err:
            raise DaskError(f"cannot reach the Dask scheduler at {address}: {err}") from None
        yield client


def _ordered(client, units: Iterator[list[Document]], model: str, batch_chars: int,
             in_flight: int) -> Iterator[list[Extraction]]:
    from distributed import KilledWorker

    pending: collections.deque = collections.deque()
    for unit in units:
        pending.append((unit, client.submit(run_unit, unit, model, batch_chars, pure=False)))
        while len(pending) > in_flight:
            yield _result(*pending.popleft(), KilledWorker)
    while pending:
        yield _result(*pending.popleft(), KilledWorker)


def _result(unit: list[Document], future, killed: type[BaseException]) -> list[Extraction]:
    try:
        return future.result()
    except killed:
        raise DaskError(f"Dask workers died while extracting document {unit[0].id!r} and the "
                        f"scheduler gave up (out of memory?)") from None


def extract_documents(docs: Iterable[Document], address: str = "local", model: str = DEFAULT_MODEL,
                      batch_size: int = DEFAULT_BATCH_SIZE, n_process: int = 1,
                      batch_chars: int = DEFAULT_BATCH_CHARS) -> Iterator[Extraction]:
    """Yield one ``Extraction`` per document, in input order, computed on Dask workers.

    The same contract as ``pipeline.extract_documents``, and the same results.
    """
    from . import pipeline

    address = check_address(address)
    units = pipeline.work_units(docs, max(1, batch_size), max(1, batch_chars))
    with _client(address, n_process) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        for result in _ordered(client, units, model, batch_chars, 2 * workers):
            yield from result

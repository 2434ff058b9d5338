"""Independent jobs in worker processes, whose log records are logged here, as if they were our own.

The languages of a charter are independent builds, so a machine with several cores builds them
side by side. Workers are started with `spawn`, which is safe beside the threads of a preview server,
and are kept for the life of the process, so a preview rebuild does not pay for their start again.
A job's log records come back with its result and are logged together, in order, when it is collected.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

_LOGGER = "mkdocs"
"""The logger tree whose records workers send back."""

_pool: ProcessPoolExecutor | None = None
_pool_kind: tuple[int, tuple[str, ...]] = (0, ())
_records: list[logging.LogRecord] = []
"""In a worker: what the current job has logged."""


class Job:
    """A function running in a worker process."""

    def __init__(self, future: Future[Any]) -> None:
        self._future = future

    def cancel(self) -> bool:
        """Withdraw the job if no worker has started it; True if it was withdrawn."""
        return self._future.cancel()

    def result(self) -> Any:
        """Wait for the job, log what it logged, and return its result."""
        value, records = self._future.result()
        for record in records:
            logging.getLogger(record.name).handle(record)
        return value


def available_cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def start(workers: int, preload: tuple[str, ...] = (), warm_up: str = "", *args: Any) -> None:
    """Start a pool of `workers` processes now, unless it runs already; each calls `warm_up(*args)` first.

    `preload` names modules each worker imports before anything else; `warm_up` is a function named
    `module:function`, imported after them.
    """
    if _pool is None or _pool_kind != (workers, preload):
        _worker_pool(workers, preload, (warm_up, args) if warm_up else None).submit(_ready)


def submit(workers: int, function: Any, *args: Any, preload: tuple[str, ...] = ()) -> Job:
    """Run `function(*args)` in the pool of `workers` processes (see `start`), logging as this process logs."""
    level = logging.getLogger(_LOGGER).getEffectiveLevel()
    return Job(_worker_pool(workers, preload).submit(_logged, level, function, *args))


def shutdown() -> None:
    """Stop the workers (they are started again when needed)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


atexit.register(shutdown)


def _worker_pool(
    workers: int, preload: tuple[str, ...], warm_up: tuple[str, tuple[Any, ...]] | None = None
) -> ProcessPoolExecutor:
    global _pool, _pool_kind
    if _pool is not None and _pool_kind == (workers, preload):
        return _pool
    shutdown()
    context = multiprocessing.get_context("spawn")
    arguments = (preload, warm_up)
    _pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=arguments)
    _pool_kind = (workers, preload)
    return _pool


def _start_worker(preload: tuple[str, ...], warm_up: tuple[str, tuple[Any, ...]] | None) -> None:
    parent = multiprocessing.parent_process()
    if parent is not None:  # a parent stopped by a signal cannot stop its workers: they stop themselves
        threading.Thread(target=_exit_after, args=(parent,), daemon=True).start()
    for module in preload:
        importlib.import_module(module)
    logger = logging.getLogger(_LOGGER)
    logger.handlers = [_Keep()]
    logger.propagate = False
    if warm_up:
        name, args = warm_up
        module, _, function = name.partition(":")
        with contextlib.suppress(Exception):  # only a head start: a job meets and reports the same problem
            getattr(importlib.import_module(module), function)(*args)
        _records.clear()


def _exit_after(parent: Any) -> None:
    parent.join()
    os._exit(0)


def _ready() -> None:
    """A job that does nothing: submitting it makes the pool start its processes."""


def _logged(level: int, function: Any, *args: Any) -> tuple[Any, list[logging.LogRecord]]:
    logging.getLogger(_LOGGER).setLevel(level)
    _records.clear()
    try:
        return function(*args), list(_records)
    finally:
        _records.clear()


class _Keep(logging.Handler):
    """Keeps a worker's records for its job's result, ready to be sent to the main process."""

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.msg += "\n" + logging.Formatter().formatException(record.exc_info)
        record.exc_info = record.exc_text = None
        _records.append(record)

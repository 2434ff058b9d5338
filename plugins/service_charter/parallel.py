"""Independent jobs in worker processes, whose log records are logged here as if they were our own.

The languages of a charter are independent builds, so a machine with several cores builds them
side by side. Workers are started with `spawn`, which is safe beside the threads of a preview server,
and are kept for the life of the process, so a preview rebuild does not pay for their start again.
"""

from __future__ import annotations

import atexit
import logging
import logging.handlers
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

_LOGGER = "mkdocs"
"""The logger tree whose records workers send back."""

_pool: ProcessPoolExecutor | None = None
_pool_size = 0
_listener: logging.handlers.QueueListener | None = None


def available_cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def submit(workers: int, function: Any, *args: Any) -> Future:
    """Run `function(*args)` in a pool of `workers` processes; records they log appear here."""
    return _worker_pool(workers).submit(function, *args)


def _worker_pool(workers: int) -> ProcessPoolExecutor:
    global _pool, _pool_size, _listener
    if _pool is not None and _pool_size == workers:
        return _pool
    shutdown()
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    _listener = logging.handlers.QueueListener(queue, _Relay())
    _listener.start()
    level = logging.getLogger(_LOGGER).getEffectiveLevel()
    _pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(queue, level))
    _pool_size = workers
    return _pool


def shutdown() -> None:
    """Stop the workers (they are started again when needed)."""
    global _pool, _listener
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None
    if _listener is not None:
        _listener.stop()
        _listener = None


atexit.register(shutdown)


def _start_worker(queue: Any, level: int) -> None:
    logger = logging.getLogger(_LOGGER)
    logger.handlers = [logging.handlers.QueueHandler(queue)]
    logger.setLevel(level)
    logger.propagate = False


class _Relay(logging.Handler):
    """Logs a worker's record through the logger of the same name in this process."""

    def handle(self, record: logging.LogRecord) -> bool:
        logging.getLogger(record.name).handle(record)
        return True

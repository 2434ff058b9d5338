"""How the core's failures reach MkDocs: the charter's problems and template mistakes as clear lines, never a
traceback, and a preview that goes on showing the last good site."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mkdocs.exceptions import Abort, BuildError, PluginError
from mkdocs.plugins import get_plugin_logger

from ..problems import CharterError, RenderError

log = get_plugin_logger(__name__)


@contextmanager
def core_errors() -> Iterator[None]:
    """The charter's problems and template mistakes as MkDocs reports a plugin's: clear lines, no traceback."""
    try:
        yield
    except CharterError as exc:
        raise PluginError(exc.report()) from None
    except RenderError as exc:
        raise PluginError(str(exc)) from None


def keep_last_good_site(build: Any) -> Any:
    """A rebuild for `mkdocs serve` that, when it fails, says so and goes on serving the last good site.

    Without it the preview server prints a traceback and stops answering until the error is fixed.
    """

    def rebuild(*args: Any, **kwargs: Any) -> None:
        try:
            build(*args, **kwargs)
        except (Abort, BuildError):  # MkDocs has already logged what went wrong
            log.error("the preview still shows the last good site: fix the problems above and save again")

    return rebuild

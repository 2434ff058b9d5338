"""The atomic publish: a site is built beside the published one and replaces it only when complete."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def staging_folder(target: Path) -> Path:
    """Where a new site is built before it replaces `target`: beside it, on the same disk."""
    return target.with_name(f".{target.name}.building")


def publish(staging: Path, target: Path) -> None:
    """Replace the site in `target` with the complete one in `staging`.

    Until this moment the previous site stays untouched, so a failed build never leaves a
    half-built site behind.
    """
    old = target.with_name(f".{target.name}.previous")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    """Remove a site that will not be published."""
    shutil.rmtree(staging, ignore_errors=True)

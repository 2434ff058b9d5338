#!/usr/bin/env python3
"""Build the example and the tiny fixture in the configurations that change the output, to compare two revisions.

    .venv/bin/python bench/same_site.py OUT_DIR

Writes OUT_DIR/<configuration>/ for flat URLs, a `site_url` in a folder, directory URLs, and the tiny fixture.
Run it at two revisions (`git stash`, `git checkout`) into two folders and compare them with `diff -r`: a change
meant to keep the output byte for byte (a refactoring) must show no difference.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIGURATIONS = {
    "example": (ROOT, {}),
    "example-url": (ROOT, {"site_url": "https://city.example/charter/"}),
    "example-dirs": (ROOT, {"use_directory_urls": True, "site_url": "https://city.example/"}),
    "tiny": (ROOT / "tests" / "fixtures" / "tiny", {}),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="where to write one site per configuration")
    out = parser.parse_args().out.resolve()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    for name, (project, overrides) in CONFIGURATIONS.items():
        os.chdir(project)
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(out / name), strict=True, **overrides)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        print(f"built {out / name}")


if __name__ == "__main__":  # worker processes import this module again: only the parent builds
    main()

"""Command line: `charter validate [FOLDER]` checks a charter and lists every problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loader import load_charter
from .problems import CharterError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="charter", description="Work with a service charter kept as YAML.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check the charter and report every problem")
    validate.add_argument(
        "folder", nargs="?", default="charter", type=Path, help="the charter folder (default: charter)"
    )
    args = parser.parse_args(argv)

    try:
        charter = load_charter(args.folder)
    except CharterError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    for warning in charter.warnings:
        print(warning.format(), file=sys.stderr)
    print(
        f"{args.folder}: {len(charter.services)} services, {len(charter.data_items)} data items, "
        f"{len(charter.faqs)} FAQs — no errors."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Command line for staff and CI.

charter validate [FOLDER] [--format text|json|github|gitlab] [--stale-after DAYS]
charter schema [--check]       (the JSON Schemas in schema/ and docs/staff/reference.md)
charter new service|data|faq|notice ID
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import resources
from pathlib import Path

from .generated import REFERENCE_PAGE, generated_files, stale, write_generated
from .i18n import find_fallbacks
from .load.loader import STALE_AFTER_DAYS, load_charter
from .model.charter import Charter
from .model.json_schema import SCHEMA_FOLDER
from .model.kinds import SCAFFOLDS
from .model.reference import scaffold
from .model.schema import SLUG_PATTERN
from .problems import FORMATS, CharterError, formatted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="charter", description="Work with a service charter kept as YAML.")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check the charter and report every problem at once")
    validate.add_argument("folder", nargs="?", default="charter", type=Path, help="the charter folder")
    validate.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text for people; json for other tools; github for annotations in GitHub Actions; "
        "gitlab for a Code Quality report",
    )
    validate.add_argument(
        "--stale-after", type=int, default=STALE_AFTER_DAYS, metavar="DAYS", help="report pages not reviewed for DAYS"
    )

    schema = commands.add_parser(
        "schema", help=f"write the JSON Schema of every kind of file into {SCHEMA_FOLDER}/ and the staff reference page"
    )
    schema.add_argument("--check", action="store_true", help="only check that the committed files are up to date")
    schema.add_argument("--output", type=Path, default=Path(SCHEMA_FOLDER), help="where the schemas go")
    schema.add_argument("--reference", type=Path, default=Path(REFERENCE_PAGE), help="where the reference page goes")

    new = commands.add_parser("new", help="create a new file with every field explained")
    new.add_argument("kind", choices=sorted(SCAFFOLDS), help="what to create")
    new.add_argument("id", help="the new id, e.g. parking-permit (lower-case letters, digits, hyphens)")
    new.add_argument("--folder", type=Path, default=Path("charter"), help="the charter folder (default: charter)")

    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args.folder, args.format, args.stale_after)
    if args.command == "schema":
        return _schema(generated_files(args.output, args.reference), args.check)
    return _new(args.folder, args.kind, args.id)


def _validate(folder: Path, form: str, stale_after: int) -> int:
    if not folder.is_dir():
        print(f"{folder}: no such folder; give the charter folder, e.g. `charter validate charter`", file=sys.stderr)
        return 2
    try:
        charter: Charter | None = load_charter(folder, stale_after_days=stale_after)
        problems = charter.problems if charter else ()
    except CharterError as exc:
        charter, problems = None, tuple(exc.problems)
    if form != "text":
        output = formatted(problems, form)
        if output:
            print(output)
    elif charter is None:
        print(CharterError(problems).report("the site would not be built"), file=sys.stderr)
    else:
        if problems:
            print(formatted(problems, form), file=sys.stderr)
        print(
            f"{folder}: {len(charter.services)} services, {len(charter.data_items)} data items, "
            f"{len(charter.faqs)} FAQs — no errors."
        )
        print(_translation_report(charter))
    return 1 if charter is None else 0


def _translation_report(charter: Charter) -> str:
    """One line per language: how many texts fall back to the default language, in how many files."""
    lines = []
    for lang in charter.site.languages:
        missing = list(find_fallbacks(charter.records(), lang))
        files = len({fallback.file for fallback in missing})
        state = f"{len(missing)} text(s) missing in {files} file(s)" if missing else "complete"
        lines.append(f"  {lang}: {state}")
    return "translations (missing texts are shown in the default language):\n" + "\n".join(lines)


def _schema(files: dict[Path, str], check: bool) -> int:
    if check:
        out_of_date = stale(files)
        if out_of_date:
            names = ", ".join(str(path) for path in out_of_date)
            print(f"out of date: {names}; run `charter schema` and commit the result", file=sys.stderr)
            return 1
        print("the generated files match the content schema.")
        return 0
    for path in write_generated(files):
        print(f"wrote {path}")
    return 0


def _new(folder: Path, kind: str, record_id: str) -> int:
    if not re.match(SLUG_PATTERN, record_id):
        print(f"`{record_id}` is not a valid id: use lower-case English letters, digits and hyphens", file=sys.stderr)
        return 2
    target = folder / SCAFFOLDS[kind].folder / f"{record_id}.yml"
    if target.exists():
        print(f"{target} already exists; choose another id", file=sys.stderr)
        return 1
    values = resources.files("service_charter") / "scaffolds" / f"{kind}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(scaffold(SCAFFOLDS[kind], values.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"created {target}: fill in every field, then run `charter validate`")
    return 0


if __name__ == "__main__":
    sys.exit(main())

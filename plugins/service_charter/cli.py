"""Command line for staff and CI.

charter validate [FOLDER] [--format text|json|github|gitlab] [--stale-after DAYS]
charter schema [--check]
charter new service|data|faq ID
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from importlib import resources
from pathlib import Path

from .catalog import Charter
from .editor_schema import SCHEMA_FOLDER, stale_schemas, write_schemas
from .i18n import find_fallbacks
from .loader import STALE_AFTER_DAYS, load_charter
from .problems import CharterError, Problem, Severity
from .schema import SLUG_PATTERN

SCAFFOLDS = {"service": "services", "data": "data", "faq": "faqs", "notice": "notices"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="charter", description="Work with a service charter kept as YAML.")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check the charter and report every problem at once")
    validate.add_argument("folder", nargs="?", default="charter", type=Path, help="the charter folder")
    validate.add_argument(
        "--format",
        choices=["text", "json", "github", "gitlab"],
        default="text",
        help="text for people; json; github for annotations in GitHub Actions; gitlab for a Code Quality report",
    )
    validate.add_argument(
        "--stale-after", type=int, default=STALE_AFTER_DAYS, metavar="DAYS", help="report pages not reviewed for DAYS"
    )

    schema = commands.add_parser("schema", help=f"write the JSON Schema of every kind of file into {SCHEMA_FOLDER}/")
    schema.add_argument("--check", action="store_true", help="only check that the committed schemas are up to date")
    schema.add_argument("--output", type=Path, default=Path(SCHEMA_FOLDER), help="where the schemas go")

    new = commands.add_parser("new", help="create a new file with every field explained")
    new.add_argument("kind", choices=sorted(SCAFFOLDS), help="what to create")
    new.add_argument("id", help="the new id, e.g. parking-permit (lower-case letters, digits, hyphens)")
    new.add_argument("--folder", type=Path, default=Path("charter"), help="the charter folder (default: charter)")

    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args.folder, args.format, args.stale_after)
    if args.command == "schema":
        return _schema(args.output, args.check)
    return _new(args.folder, args.kind, args.id)


def _validate(folder: Path, output: str, stale_after: int) -> int:
    if not folder.is_dir():
        print(f"{folder}: no such folder; give the charter folder, e.g. `charter validate charter`", file=sys.stderr)
        return 2
    try:
        charter = load_charter(folder, stale_after_days=stale_after)
        problems, failed = charter.problems, False
    except CharterError as exc:
        problems, failed = exc.problems, True
    if output == "text":
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        if failed:
            errors = sum(1 for p in problems if p.severity is Severity.error)
            print(f"{errors} error(s) in the charter; the site would not be built.", file=sys.stderr)
        else:
            print(
                f"{folder}: {len(charter.services)} services, {len(charter.data_items)} data items, "
                f"{len(charter.faqs)} FAQs — no errors."
            )
            print(_translation_report(charter))
    elif output == "json":
        print(json.dumps([_as_dict(p) for p in problems], ensure_ascii=False, indent=2))
    elif output == "github":
        for problem in problems:
            print(_github_annotation(problem))
    else:
        print(json.dumps([_gitlab_issue(p) for p in problems], ensure_ascii=False, indent=2))
    return 1 if failed else 0


def _translation_report(charter: Charter) -> str:
    """One line per language: how many texts fall back to the default language, in how many files."""
    lines = []
    for lang in charter.site.languages:
        missing = list(find_fallbacks(charter.records(), lang))
        files = len({fallback.file for fallback in missing})
        state = f"{len(missing)} text(s) missing in {files} file(s)" if missing else "complete"
        lines.append(f"  {lang}: {state}")
    return "translations (missing texts are shown in the default language):\n" + "\n".join(lines)


def _as_dict(problem: Problem) -> dict[str, object]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "key": problem.key,
        "severity": problem.severity.value,
        "message": problem.message,
        "hint": problem.hint,
    }


def _github_annotation(problem: Problem) -> str:
    """A workflow command that GitHub shows on the line of the pull request."""
    text = f"{problem.key}: {problem.message}" if problem.key else problem.message
    if problem.hint:
        text += f" — {problem.hint}"
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{problem.severity.value} file={problem.file},line={problem.line or 1},col={problem.column or 1}::{text}"


def _gitlab_issue(problem: Problem) -> dict[str, object]:
    """One entry of a GitLab Code Quality report, shown on the merge request."""
    description = f"{problem.key}: {problem.message}" if problem.key else problem.message
    fingerprint = hashlib.sha256(f"{problem.file}:{problem.key}:{problem.message}".encode()).hexdigest()
    return {
        "description": description + (f" ({problem.hint})" if problem.hint else ""),
        "check_name": "charter",
        "fingerprint": fingerprint,
        "severity": {"error": "major", "warning": "minor", "notice": "info"}[problem.severity.value],
        "location": {"path": problem.file, "lines": {"begin": problem.line or 1}},
    }


def _schema(output: Path, check: bool) -> int:
    if check:
        stale = stale_schemas(output)
        if stale:
            print(f"{output}/: out of date: {', '.join(stale)}; run `charter schema`", file=sys.stderr)
            return 1
        print(f"{output}/: the schemas match the content model.")
        return 0
    for path in write_schemas(output):
        print(f"wrote {path}")
    return 0


def _new(folder: Path, kind: str, record_id: str) -> int:
    if not re.match(SLUG_PATTERN, record_id):
        print(f"`{record_id}` is not a valid id: use lower-case English letters, digits and hyphens", file=sys.stderr)
        return 2
    target = folder / SCAFFOLDS[kind] / f"{record_id}.yml"
    if target.exists():
        print(f"{target} already exists; choose another id", file=sys.stderr)
        return 1
    template = resources.files("service_charter") / "scaffolds" / f"{kind}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"created {target}: fill in every field, then run `charter validate`")
    return 0


if __name__ == "__main__":
    sys.exit(main())

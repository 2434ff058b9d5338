"""Command line for staff and CI.

charter validate [FOLDER] [--format text|json|github|gitlab] [--stale-after DAYS]
charter schema [--check]       (the JSON Schemas in schema/ and docs/staff/reference.md)
charter new KIND ID [--folder FOLDER]   (a new record with every field explained)
charter init [FOLDER] --name [LANG=]NAME --authority KIND --languages LANG,LANG  (a new charter)
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from .generated import REFERENCE_PAGE, generated_files, stale, write_generated
from .i18n import available_languages, find_fallbacks
from .load.loader import STALE_AFTER_DAYS, load_charter
from .model.charter import Charter
from .model.json_schema import SCHEMA_FOLDER
from .model.kinds import SCAFFOLDS, SITE_FILE
from .model.schema import SLUG_PATTERN, AuthorityKind
from .problems import FORMATS, CharterError, formatted
from .scaffolding import new_charter, new_record


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

    init = commands.add_parser("init", help="start a new charter: a minimal valid one to fill in")
    init.add_argument("folder", nargs="?", default=Path("charter"), type=Path, help="the new charter folder")
    init.add_argument(
        "--name",
        action="append",
        required=True,
        metavar="[LANG=]NAME",
        help="the authority's name; in the default language, or as LANG=NAME once per language",
    )
    init.add_argument(
        "--authority",
        choices=[kind.value for kind in AuthorityKind],
        default=AuthorityKind.municipality.value,
        help="the kind of local authority (default: municipality)",
    )
    init.add_argument(
        "--languages",
        default="he,ar,en,ru",
        help="the site's languages, the default first (default: he,ar,en,ru)",
    )

    args = parser.parse_args(argv)
    if args.command == "init":
        return _init(args.folder, args.name, AuthorityKind(args.authority), args.languages)
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
    site, lines = charter.site, []
    for lang in site.languages:
        missing = list(find_fallbacks(charter.records(), lang))
        files = len({fallback.file for fallback in missing})
        state = f"{len(missing)} text(s) missing in {files} file(s)" if missing else "complete"
        role = (
            "default language"
            if lang == site.default_language
            else "must be complete"
            if lang in site.complete_languages
            else "may be incomplete"
        )
        lines.append(f"  {lang}: {state} ({role})")
    heading = f"translations (a missing text is shown in {site.default_language}, introduced as such):"
    return heading + "\n" + "\n".join(lines)


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
    if not (folder / SITE_FILE).is_file():
        print(f"{folder} holds no charter (no {SITE_FILE}); start one with `charter init {folder}`", file=sys.stderr)
        return 2
    target = folder / SCAFFOLDS[kind].folder / f"{record_id}.yml"
    if target.exists():
        print(f"{target} already exists; choose another id", file=sys.stderr)
        return 1
    new_record(folder, kind, record_id)
    print(f"created {target}: fill in every field, then run `charter validate {folder}`")
    return 0


def _init(folder: Path, names: list[str], authority: AuthorityKind, languages_arg: str) -> int:
    languages = [lang.strip() for lang in languages_arg.split(",") if lang.strip()]
    available = available_languages()
    unknown = [lang for lang in languages if lang not in available]
    if not languages or unknown or len(set(languages)) != len(languages):
        print(
            f"--languages {languages_arg!r}: give each language once, separated by commas, the default first, "
            f"from {', '.join(available)} (e.g. --languages ar,he,en)",
            file=sys.stderr,
        )
        return 2
    by_lang: dict[str, str] = {}
    for name in names:
        lang, sep, text = name.partition("=")
        if sep and lang in languages:
            by_lang[lang] = text.strip()
        else:
            by_lang[languages[0]] = name.strip()
    if not by_lang.get(languages[0]):
        print(f"--name: give the authority's name in {languages[0]}, the default language", file=sys.stderr)
        return 2
    if (folder / SITE_FILE).exists() or (folder.is_dir() and any(folder.iterdir())):
        print(f"{folder} is not empty; give a new folder for the charter", file=sys.stderr)
        return 1
    written = new_charter(folder, by_lang, authority, languages, date.today())
    for path in written:
        print(f"created {path}")
    print(
        f"replace every text in [brackets], then run `charter validate {folder}`; "
        f"add records with `charter new service <id> --folder {folder}`; build the site with `mkdocs build`"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

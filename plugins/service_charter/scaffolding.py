"""New files for staff: a record of any kind (`charter new`) and a whole minimal charter (`charter init`).

Scaffolds are YAML files in `scaffolds/` whose texts are written once, as `_:`; they are written out
with one key per language of the charter, its default language first. A text `_: key` takes its
words from `scaffolds/starter/<lang>.yml`; a value `=name` is filled from the command line. A new
charter also gets the starter search vocabulary (`scaffolds/vocabulary.yml`, the example's own), in its
languages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .model.kinds import SCAFFOLDS, SITE_FILE, VOCABULARY_FILE
from .model.reference import scaffold
from .model.schema import LATIN, AuthorityKind, languages_first, text_example

_TEXT = re.compile(r"^(?P<indent>\s*)(?P<dash>- )?(?P<comment>#\s*)?_:(?P<rest>.*)$")
"""A text written once in a scaffold: `_:`, `- _:` or `# _:`, with its value or a `|` block after it."""
_FLOW_TEXT = re.compile(r"\{_: \.\.\.\}(?P<pad> *)")
"""A text in a comment's example, `{_: ...}`, with the spaces that align the comment after it."""


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def expand_texts(template: str, languages: Sequence[str], words: Callable[[str, str], str | None] | None = None) -> str:
    """The scaffold `template` with each `_:` text written once per language of `languages`.

    `words(key, lang)` gives the text of `_: key` in `lang` (None: no version in `lang`); without it the
    texts are left empty.
    """
    lines = template.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        match = _TEXT.match(lines[index])
        if match is None:
            out.append(_FLOW_TEXT.sub(lambda m: _flow(languages, len(m["pad"])), lines[index]))
            index += 1
            continue
        index += 1
        body: list[str] = []  # the empty lines of a `|` block
        while match["rest"].strip() == "|" and index < len(lines) and not lines[index].strip():
            body.append(lines[index])
            index += 1
        indent, comment, rest = match["indent"], match["comment"] or "", match["rest"]
        key = rest.strip()
        first = True
        for lang in languages:
            value = rest
            if words is not None and key and key not in ("|", "[]"):
                text = words(key, lang)
                if text is None:
                    continue
                value = " " + _quoted(text)
            dash = match["dash"] or ""
            out.append(f"{indent}{dash if first else ' ' * len(dash)}{comment}{lang}:{value}")
            out.extend(body)
            first = False
    return "\n".join(out) + "\n"


def _flow(languages: Sequence[str], pad: int) -> str:
    """`{he: ..., en: ...}` for the first two languages, keeping the comment after it aligned."""
    text = text_example(languages)
    width = len("{_: ...}") + pad
    return text + " " * max(1 if pad else 0, width - len(text))


def charter_languages(folder: Path) -> list[str]:
    """The languages of the charter in `folder`, its default first, as its site.yml says (even with mistakes)."""
    try:
        data = yaml.safe_load((folder / SITE_FILE).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        data = None
    return languages_first(data)


def new_record(folder: Path, kind: str, record_id: str) -> Path:
    """Write the scaffold of a new record of `kind` into the charter in `folder`; its path."""
    record_kind = SCAFFOLDS[kind]
    template = (resources.files("service_charter") / "scaffolds" / f"{kind}.yml").read_text(encoding="utf-8")
    target = folder / record_kind.folder / f"{record_id}.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    values = expand_texts(template, charter_languages(folder))
    target.write_text(scaffold(record_kind, values), encoding="utf-8")
    return target


def new_charter(
    folder: Path, names: dict[str, str], authority: AuthorityKind, languages: Sequence[str], today: date
) -> list[Path]:
    """Write a minimal valid charter into `folder` (which must hold no charter): site.yml, a channel, a
    department, a topic and a service, with placeholder texts in every language; the files written."""
    starter = resources.files("service_charter") / "scaffolds" / "starter"
    words_by_lang: dict[str, dict[str, str]] = {
        lang: yaml.safe_load((starter / f"{lang}.yml").read_text(encoding="utf-8")) for lang in languages
    }
    fills = {
        "=authority": authority.value,
        "=languages": "[" + ", ".join(languages) + "]",
        "=default": languages[0],
        "=today": today.isoformat(),
        "=planned_until": date(today.year + 1, 12, 31).isoformat(),
    }

    def words(key: str, lang: str) -> str | None:
        return names.get(lang) if key == "=name" else words_by_lang[lang][key]

    written = []
    site_config = folder.parent / "mkdocs.yml"
    if not site_config.exists():
        template = (resources.files("service_charter") / "scaffolds" / "mkdocs.yml").read_text(encoding="utf-8")
        site_config.write_text(template.replace("=charter_dir", folder.name), encoding="utf-8")
        written.append(site_config)
    hand_written = folder.parent / "docs" / languages[0]
    if not hand_written.exists():  # the folder of pages staff write by hand, in each language
        hand_written.mkdir(parents=True)
        (hand_written / ".gitkeep").touch()
        written.append(hand_written)
    templates = resources.files("service_charter") / "scaffolds" / "charter"
    for template_path in sorted(_files(templates)):
        relative = Path(*template_path)
        template = _node(templates, template_path).read_text(encoding="utf-8")
        for placeholder, value in fills.items():
            template = re.sub(rf"(?m)^(\s*[a-z_]+): {placeholder}$", rf"\g<1>: {value}", template)
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(expand_texts(template, languages, words), encoding="utf-8")
        written.append(target)
    vocabulary = folder / VOCABULARY_FILE
    vocabulary.write_text(starter_vocabulary(languages), encoding="utf-8")
    written.append(vocabulary)
    return written


def starter_vocabulary(languages: Sequence[str]) -> str:
    """The starter search vocabulary in these languages: its words in others left out, with the groups and
    kept words left without any; its opening comment kept, the rest written one group per item."""
    source = (resources.files("service_charter") / "scaffolds" / VOCABULARY_FILE).read_text(encoding="utf-8")
    written = source.splitlines()
    header = [line for line in written[: written.index("words:")] if line.startswith("#")]
    data = yaml.safe_load(source)
    keys = [*languages, LATIN]
    lines = [*header, "words:"]
    for group in data["words"]:
        kept = [(key, group[key]) for key in keys if group.get(key)]
        if sum(len(words) for _, words in kept) < 2 or not any(key != LATIN for key, _ in kept):
            continue
        for n, (key, words) in enumerate(kept):
            lines.append(f"  {'- ' if n == 0 else '  '}{key}: [{', '.join(map(_item, words))}]")
    keep = [(lang, data.get("keep", {})[lang]) for lang in languages if data.get("keep", {}).get(lang)]
    if keep:
        lines += ["keep:", *(f"  {lang}: [{', '.join(map(_item, words))}]" for lang, words in keep)]
    return "\n".join(lines) + "\n"


def _item(word: str) -> str:
    """A word in a YAML flow list: as it is where YAML reads it back the same, else quoted."""
    plain = yaml.safe_load(f"[{word}]") if not re.search(r"[\[\]{},#:'\"]", word) else None
    return word if plain == [word] else json.dumps(word, ensure_ascii=False)


def _files(node: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The files under a package folder, as path parts."""
    found: list[tuple[str, ...]] = []
    for item in node.iterdir():
        if item.is_dir():
            found += _files(item, (*prefix, item.name))
        elif item.name.endswith(".yml"):
            found.append((*prefix, item.name))
    return found


def _node(root: Any, parts: tuple[str, ...]) -> Any:
    for part in parts:
        root = root / part
    return root

"""The baseline of the build benchmark: the charter's pages as hand-written Markdown, for plain MkDocs.

For every page the charter plugin generates, in one language, a Markdown file at the same path
holds the same texts: a service page its title, summary and every text of the service file under
headings, with links to its topics and department; a list page (all services, commitments,
questions, topics) the same entries as the generated page. The site has the same theme, palette,
navigation and search plugin, so the two builds differ only in who writes the pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from service_charter.addresses import record_page
from service_charter.i18n import Localizer, direction
from service_charter.model.charter import Charter
from service_charter.model.schema import iter_texts
from service_charter.pages.specs import PageSpec, page_specs

NAV = ["index", "topics", "life-events", "services", "commitments", "your-data", "faq", "contact", "accessibility"]
"""The same hubs as the generated site's navigation."""


def write_site(charter: Charter, lang: str, root: Path, theme: dict[str, Any], site_url: str) -> Path:
    """Write `root/mkdocs.yml` and `root/docs/*.md` for one language; returns the config file."""
    L = Localizer(lang, charter.site.default_language)
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    titles: dict[str, str] = {}
    for spec in page_specs(charter):
        title = str(L.ui(spec.title)) if isinstance(spec.title, str) else L.plain(spec.title)
        titles[spec.path] = title
        (docs / f"{spec.path}.md").write_text(f"# {title}\n\n{_body(charter, L, spec)}", encoding="utf-8")
    config = {
        "site_name": L.plain(charter.site.name),
        "site_url": site_url,
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": False,
        "theme": {**theme, "language": lang, "direction": direction(lang), "font": False},
        "nav": [{titles[path]: f"{path}.md"} for path in NAV],
        "plugins": ["search"],
        "markdown_extensions": ["attr_list", "tables", {"toc": {"permalink": False}}],
    }
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _body(charter: Charter, L: Localizer, spec: PageSpec) -> str:
    context = spec.context
    if "service" in context:  # with what the page shows of the records it refers to
        service = context["service"]
        return (
            _record(L, service)
            + "".join(_record(L, charter.channels[use.channel]) for use in service.channels)
            + "".join(_record(L, charter.data_items[use.item], only=("name",)) for use in service.data)
            + "".join(_record(L, faq) for faq in charter.faqs_for_service(service.id))
            + _record(L, charter.departments[service.department], only=("name", "description"))
            + _links(L, "service", charter.related_services(service), with_summary=True)
        )
    for key in ("item", "department", "topic"):
        if key in context:
            record = context[key]
            listed = context.get("services") or []
            return _record(L, record) + _links(L, "service", listed)
    services = list(charter.services.values())
    if spec.path in ("services", "commitments", "printable-charter"):
        return _links(L, "service", services, with_summary=True)
    if spec.path == "faq":
        return "".join(f"## {L.plain(f.question)}\n\n{L.plain(f.answer)}\n\n" for f in charter.sorted_faqs)
    if spec.path == "your-data":
        return "".join(_record(L, item) for item in charter.data_items.values())
    if spec.path in ("topics", "index"):
        return _links(L, "category", charter.sorted_categories) + _links(L, "life_event", charter.sorted_life_events)
    if spec.path == "life-events":
        return _links(L, "life_event", charter.sorted_life_events)
    if spec.path == "departments":
        return _links(L, "department", list(charter.departments.values()))
    if spec.path == "contact":
        return "".join(_record(L, channel) for channel in charter.channels.values())
    return _record(L, charter.site)


def _record(L: Localizer, record: Any, only: tuple[str, ...] = ()) -> str:
    """Every text of a record (or those under the keys `only`), under a heading per top-level key."""
    lines: list[str] = []
    section = None
    for path, text in iter_texts(record):
        if only and path[0] not in only:
            continue
        if path[0] != section:
            section = path[0]
            lines.append(f"## {str(section).replace('_', ' ').capitalize()}\n")
        value = L.plain(text).strip()
        in_list = any(isinstance(part, int) for part in path) and "\n" not in value
        lines.append(f"- {value}\n" if in_list else f"{value}\n")
    return "\n".join(lines) + "\n"


def _links(L: Localizer, kind: str, records: list[Any], with_summary: bool = False) -> str:
    lines = []
    for record in records:
        name = getattr(record, "title", None) or record.name
        line = f"- [{L.plain(name)}]({record_page(kind, record.id)}.md)"
        if with_summary and getattr(record, "summary", None):
            line += f": {L.plain(record.summary)}"
        lines.append(line)
    return "\n".join(lines) + "\n\n" if lines else ""

"""Service charter site generator: a charter kept as YAML → a static, accessible, multilingual site.

The data flows one way, one package per stage, each using only those before it:

    model/          what a charter is: the schema, the kinds of record, the loaded charter (no I/O)
    load/           staff files → a complete `Charter`, or every problem at once
    addresses       every address of the built site
    pages/          the charter → each page's HTML, through templates a site can override
    search/         the charter and its pages → each language's search index
    publish/        the site's recipe: feeds, open data, sitemaps, host files, the atomic swap
    mkdocs_plugin/  the thin adapter to MkDocs (the only code that imports it)
    cli             `charter validate | schema | new`

Shared by all: `problems` (what is wrong, and how it is shown), `richtext` (Markdown → safe HTML),
`i18n` (interface strings, plural forms, dates and numbers in each language).
"""

from .load.loader import load_charter
from .model.charter import Charter
from .problems import CharterError, Problem, RenderError, Severity

__all__ = ["Charter", "CharterError", "Problem", "RenderError", "Severity", "load_charter"]

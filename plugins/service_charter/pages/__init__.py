"""The charter → each page's HTML, without MkDocs: which pages exist and what they show (`specs`), the charter's
Jinja templates with autoescaping (`render`), structured data, and the small forms and pages around them."""

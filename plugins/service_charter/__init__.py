"""Service charter site generator: YAML charter → validated model → accessible multilingual pages."""

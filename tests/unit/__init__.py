"""Tests that run neither an MkDocs build nor a browser: the core called directly, git, Node and the CLI."""

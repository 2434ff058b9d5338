"""Tests that build sites with the real MkDocs (or ProperDocs) and check what they write, without a browser."""

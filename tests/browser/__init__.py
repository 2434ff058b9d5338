"""Tests that drive Chromium through Playwright, against built sites served on 127.0.0.1 or opened from disk."""

"""The site's recipe and everything it writes besides the pages: feeds, open data, sitemaps, host files with
security headers, and the atomic swap that publishes a complete site or nothing."""

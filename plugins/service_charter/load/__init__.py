"""Staff files → a complete `Charter`, or every problem at once: strict YAML with positions, validation by the
schema, checks across files and on content, performance figures from CSV, the change history from git."""

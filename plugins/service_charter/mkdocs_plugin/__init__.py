"""The thin adapter to MkDocs and its Material theme: events that hand each step of the recipe to the core
(`plugin`), its options (`config`), one build per language (`languages`, `parallel`), each language's
configuration (`reconfigure`) and every seam with the theme (`theme`). The only package that imports MkDocs."""

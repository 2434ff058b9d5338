"""Search in every language: the folding of words shared with the browser (`text`), and each language's
prebuilt, split index (`index`)."""

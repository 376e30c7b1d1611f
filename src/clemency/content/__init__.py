"""Content in: front matter, the story schema, validation, consent and the story catalog."""

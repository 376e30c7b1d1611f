"""The story editor: Decap CMS config from the schema, its local server, its static files."""

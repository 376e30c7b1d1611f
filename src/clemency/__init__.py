"""Seattle Clemency Project site: story schema, consent rules, photo pipeline and Pelican plugins."""

"""Languages: gettext catalogs of the interface, language names, dates and numbers."""

"""What the site adds to stories: search-engine data, security headers, assets, listings."""

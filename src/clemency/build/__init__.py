"""Building the site: the atomic build, the gate that checks it, the sources check."""

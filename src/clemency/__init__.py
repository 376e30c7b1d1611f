"""Seattle Clemency Project site: story schema, consent rules, photo pipeline and Pelican plugins."""

from pathlib import Path

# The project checkout this package lives in (src/clemency/): where node_modules is installed.
CHECKOUT = Path(__file__).resolve().parents[2]

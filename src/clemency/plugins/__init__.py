"""Pelican plugins: thin adapters from Pelican's signals to the pure logic in `clemency`."""

"""The home: the menu, and what works on every screen."""

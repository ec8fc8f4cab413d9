"""Views of the learn area."""

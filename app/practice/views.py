"""Views of the practice area."""

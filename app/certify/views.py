"""Views of the certify area."""

"""Views of the verify area."""

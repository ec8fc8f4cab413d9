"""Views of the studio area."""

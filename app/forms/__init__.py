"""Shared form pieces."""

"""Machinery several capabilities share: Markdown rendering, bulk inserts, backups, content sync."""

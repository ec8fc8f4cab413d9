"""Accounts: sign-in and passwords, the audit log, and the emails people are sent."""

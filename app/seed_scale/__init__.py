"""Synthetic data at scale (``school seed-scale``) for benchmarks.

Kept apart from the domain services: nothing in the school imports it.
"""

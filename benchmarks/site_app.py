"""The site as the benchmark serves it: every setting from the environment, rate limits off.

All wrk traffic comes from one loopback address, so the per-address limits on sign-in and
verification (60 a minute) would answer 429 after the first second; in production each
client has its own budget.
"""

from app import create_app

app = create_app({"RATELIMIT_ENABLED": False})

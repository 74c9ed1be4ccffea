import httpx

# Kept in step with pyproject.toml by tests/test_readme.py; importlib.metadata would cost
# import time on every start.
__version__ = "0.1.0"

# Every request this client sends names it, token requests included.
USER_AGENT = f"dwolla-exchange/{__version__} (python-httpx/{httpx.__version__})"

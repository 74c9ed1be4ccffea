# Kept in step with pyproject.toml by tests/test_packaging.py; importlib.metadata would cost
# import time on every start.
__version__ = "0.1.0"

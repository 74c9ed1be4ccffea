"""An offline fake of the Dwolla API for demos, tests and users' own test suites.

``with FakeDwolla() as fake:`` starts a real HTTP server on 127.0.0.1 (a free port),
seeded from openapi.yaml's examples; ``fake.client()`` is a ``Dwolla`` pointed at it.
Pytest users get the ``fake_dwolla`` fixture automatically.
"""

from ._fake import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, FakeDwolla, RecordedRequest
from ._faults import Fault

__all__ = ["DEFAULT_CLIENT_ID", "DEFAULT_CLIENT_SECRET", "FakeDwolla", "Fault", "RecordedRequest"]

"""Shared by every test: the property tests' profiles.

Property tests run the `default` profile (quick enough for `make test`), or the `deep` one
when HYPOTHESIS_PROFILE=deep (`make test-deep`): twenty times the examples.
"""

import os

from hypothesis import settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("deep", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

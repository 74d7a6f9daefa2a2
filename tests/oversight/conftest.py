"""The web fixtures (application, one user per role) for the oversight pages and locator.

Everything of the web tests' conftest is re-exported, so a module doing ``from conftest
import …`` finds the same names whichever directory's conftest was loaded last.
"""

from tests.web.conftest import *  # noqa: F403
from tests.web.conftest import quick_password_hashing, web

__all__ = ["quick_password_hashing", "web"]

"""The web fixtures (application, one user per role) for the oversight pages and locator."""

from tests.web.conftest import quick_password_hashing, web

__all__ = ["quick_password_hashing", "web"]

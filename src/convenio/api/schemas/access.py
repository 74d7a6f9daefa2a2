"""Schemas of sign-in, tokens and users."""

from __future__ import annotations

from pydantic import BaseModel, Field

from convenio.access import public as access
from convenio.api.schemas.common import Instant, Page


class UserRead(BaseModel):
    """A user: party, roles, and whether they may sign in."""

    id: str
    username: str
    display_name: str
    party: str
    party_kind: str
    roles: list[str]
    is_active: bool
    created_at: Instant

    @classmethod
    def of(cls, user: access.User) -> UserRead:
        """The schema of a user."""
        return cls(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            party=user.party,
            party_kind=user.party_kind.value,
            roles=sorted(r.value for r in user.roles),
            is_active=user.is_active,
            created_at=user.created_at,
        )


class UserPage(Page[UserRead]):
    """A page of users."""


class UserCreate(BaseModel):
    """A new user of a party with roles."""

    username: str = Field(min_length=2, max_length=63, pattern=r"^[a-z0-9][a-z0-9._-]+$")
    password: str = Field(min_length=12, max_length=1024)
    party: str = Field(min_length=1, max_length=32)
    roles: list[str] = Field(min_length=1, max_length=10)
    display_name: str = Field(default="", max_length=200)


class TokenCreate(BaseModel):
    """Sign in with a username and password to get an API token."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
    label: str = Field(default="api", max_length=100)


class TokenLabel(BaseModel):
    """The label of a token an administrator creates for a user."""

    label: str = Field(default="api", max_length=100)


class TokenRead(BaseModel):
    """A new API token: shown once, send it as ``Authorization: Bearer <token>``."""

    token: str
    label: str
    user: UserRead


class MeRead(BaseModel):
    """The caller: who, for which party, with which roles and granted actions."""

    id: str
    name: str
    party: str
    party_kind: str
    roles: list[str]
    actions: list[str]

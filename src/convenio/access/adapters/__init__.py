"""Storage of users, API tokens, sessions, sign-in attempts and idempotent responses."""

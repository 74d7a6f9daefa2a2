"""Users, parties, roles, authentication (argon2 passwords, sessions, API tokens) and the one
permission policy."""

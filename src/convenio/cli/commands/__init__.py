"""One module per context; each exposes ``register(root)`` adding its commands."""

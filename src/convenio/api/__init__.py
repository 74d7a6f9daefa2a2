"""The FastAPI JSON API under /api/v1."""

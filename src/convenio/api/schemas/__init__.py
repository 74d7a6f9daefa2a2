"""Pydantic schemas of the API: ``XRead``, ``XCreate``, ``XPage`` per context."""

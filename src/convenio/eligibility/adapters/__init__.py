"""Adapters of the eligibility context: interchange files and stored decisions."""

"""Monitors, inspections, complaints, transparency reports, the public locator and signed
webhook notifications."""

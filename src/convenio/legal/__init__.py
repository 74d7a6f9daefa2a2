"""Court orders and legal holds (individual or class-wide), their expiry and lifting, and
legal reviews."""

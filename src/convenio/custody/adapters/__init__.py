"""Storage of custody records (append-only tables) and the agreement in force."""

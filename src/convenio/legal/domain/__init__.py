"""The pure model of the legal context: holds, lifts and legal reviews."""

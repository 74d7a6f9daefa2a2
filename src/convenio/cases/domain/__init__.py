"""The pure model of a transfer case: states, the transition table with roles and guards."""

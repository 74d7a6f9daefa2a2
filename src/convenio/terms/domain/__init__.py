"""Pure model of an agreement."""

"""The shared kernel: ids, money, clock, errors, dates and events. Standard library only."""

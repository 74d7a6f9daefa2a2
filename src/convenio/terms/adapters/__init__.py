"""Reading agreements from files."""

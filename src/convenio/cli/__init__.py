"""The Typer command line: convenio."""

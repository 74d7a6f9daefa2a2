"""Framework glue: settings, database engine, unit of work, migrations."""

"""The server-rendered, bilingual (English/Spanish) web UI."""

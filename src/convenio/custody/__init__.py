"""Facilities and units, placements (custody intervals), admission records, moves, releases,
repatriation, returns, deaths, incidents, welfare visits, consular notification, occupancy."""

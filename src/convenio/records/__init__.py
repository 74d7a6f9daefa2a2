"""Persons and their records as the sending state holds them: identifiers, citizenships, US
status, convictions with sentences, pending charges, removal orders, protection claims,
designations with their evidentiary basis, notices, habeas petitions, medical assessments,
consent. Import and export of the interchange format (INTERCHANGE.md)."""

"""The transfer case: the state machine from nomination to exit, its guards and the roles that
may move it, and capacity reservation on acceptance."""

"""The movements model: pure values and rules, standard library and the shared kernel only."""

"""The synthetic population and the end-to-end demo scenario served by make run."""

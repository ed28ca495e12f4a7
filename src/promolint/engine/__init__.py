"""The rule engine: rule definitions, extension points, pack loading and the runner."""

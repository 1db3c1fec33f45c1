"""`nlp-budget`: the planner from a shell, for scripts and headless use."""

"""Source clients, parsers and validation in plain Python: no Dagster, no Dash."""

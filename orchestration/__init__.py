"""Dagster definitions: raw loads, the dbt models, publishing the serving file, schedules and sensors."""

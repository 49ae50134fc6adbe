"""The Dutch Dash app: reads only the marts of the published serving file."""

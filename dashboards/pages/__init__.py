"""The dashboard's pages; Dash Pages imports each module here itself (see dashboards.app.create_app)."""

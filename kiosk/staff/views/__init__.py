"""Staff page handlers: they fetch and decide; templates under `templates/staff/` format."""

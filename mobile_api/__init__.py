"""The JSON API for phone mini-programs (掌上办), mounted at `/api/v1`."""

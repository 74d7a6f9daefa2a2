"""HTTP plumbing shared by the API and the web UI: error mapping, authentication
dependencies, CSRF, security headers."""

"""Personal data protection: masking for display, encryption at rest, redaction of logs."""

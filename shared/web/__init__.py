"""HTTP plumbing both adapters use: middleware, strict JSON bodies, conditional responses, htmx."""

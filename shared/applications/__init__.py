"""Applications (办件): drafts, submission, processing, results, the timeline and trips.

`states` and `bundles` and `numbers` are pure rules; `repository` holds the SQL; `access`
decides who sees what; `drafts` and `workflow` change applications, each in one
transaction with its timeline event and audit entry.
"""

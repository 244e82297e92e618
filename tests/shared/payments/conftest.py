"""Payments tests reuse the application core's helpers: real-name citizens, submitted
applications over the real stack with the mini catalog (GA-SFZ-002 costs ¥20, ¥12 more
by mail; the newborn bundle owes YB-CB-003's ¥380; WJ-CSYX-001 is free)."""

from tests.shared.applications.conftest import people, services

__all__ = ["people", "services"]

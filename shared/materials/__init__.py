"""Uploaded materials (申请材料): checked, cleaned, encrypted at rest and served only to those allowed."""

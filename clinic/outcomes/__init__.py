"""Change over time: check-ins as the therapist sees them, reliable change, the off-track rule and the trend."""

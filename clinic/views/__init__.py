"""The therapist's pages, one module per capability."""

"""What the therapist reads and prints: the comparison report, its chart, and PDF rendering."""

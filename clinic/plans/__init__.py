"""Session plans: the pure recommender, its wording, and saved plan versions."""

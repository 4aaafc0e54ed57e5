"""Models of responses (see the feature issue)."""

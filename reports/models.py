"""Models of reports (see the feature issue)."""

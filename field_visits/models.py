"""Models of field_visits (see the feature issue)."""

"""Measuring answers and the crisis check on labelled questions, calibrating thresholds, checking content."""

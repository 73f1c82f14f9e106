"""The crisis check every question goes through, its patterns and examples, and what is said to someone in crisis."""

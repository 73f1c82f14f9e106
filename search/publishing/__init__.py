"""Building an index, checking it against the publish gate, swapping it in atomically, rolling back, staleness."""

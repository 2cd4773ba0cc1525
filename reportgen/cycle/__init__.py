"""The annual cycle: next year's draft (rollforward), the divisions' returns merged
(collect), and what changed between two editions (diff)."""

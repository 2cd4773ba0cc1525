"""Messages of the cycle stage: id -> (Japanese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}

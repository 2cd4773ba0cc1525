"""Messages of the cli stage: id -> (Japanese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}

"""Messages of the report stage: id -> (Japanese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}

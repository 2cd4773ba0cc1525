"""Messages of the model stage: id -> (Japanese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}

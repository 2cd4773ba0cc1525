"""Messages of the readers stage: id -> (Japanese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}

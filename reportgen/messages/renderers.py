"""Messages of the renderers stage: id -> (Japanese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {}

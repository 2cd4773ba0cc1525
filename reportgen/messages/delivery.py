"""Messages of the delivery stage: id -> (Japanese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "split.progress": ("分割中 [{bar}] {done}/{total}", "Splitting [{bar}] {done}/{total}"),
}

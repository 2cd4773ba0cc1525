"""The model: the frozen publication every reader returns and the builder reads —
bureaus, pillars, measures and programs with their verbatim texts beside the parsed
values — and the small pure vocabularies it is made of (eras, amounts, the 19
columns, findings)."""

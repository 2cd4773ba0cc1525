"""Readers: sources (the published text layout, workbooks) -> the model, with every
finding collected before anything fails."""

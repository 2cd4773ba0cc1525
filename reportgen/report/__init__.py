"""The report builder: the model -> one resolved Report (rows, spans, subtotals, every
word in the edition's language) that renderers only read."""

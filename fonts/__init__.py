"""The shipped fonts (BIZ UDゴシック, SIL OFL 1.1): installed as the package reportgen.fonts
(pyproject.toml maps this folder there; reportgen/resources.py reads it)."""

"""The shipped templates and glossary: installed as the package reportgen.templates
(pyproject.toml maps this folder there; reportgen/resources.py reads it)."""

"""Renderers: each turns a built report into the bytes of one file format."""

"""Unit tests of the sandboxed reply templates."""

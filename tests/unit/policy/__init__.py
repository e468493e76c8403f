"""Unit tests of the policy engine."""

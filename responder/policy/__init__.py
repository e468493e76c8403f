"""The policy stage: docs/policy.md as a pure, table-driven decision."""

from responder.policy.config import PolicyConfig
from responder.policy.engine import TablePolicy, decide

__all__ = ["PolicyConfig", "TablePolicy", "decide"]

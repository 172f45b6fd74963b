"""Value rendering for text and Markdown output (03-diff.md Appendix A): Go's ``%v``."""

from __future__ import annotations

from pacto.contract import format_go_value as render_value

__all__ = ["render_value"]

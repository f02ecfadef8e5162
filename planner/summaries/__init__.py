"""Status summaries: the readiness picture (computed once) and its rendering through Jinja2."""

"""Rendering: the theme, the Jinja2 environment, page keys and the pages themselves."""

"""dacu (大促): a static site generator for e-commerce campaign pages.

The engine follows the data, one module a step, each importing only the ones
above it in this list:

    findings, rules      the finding type and the rule catalogue
    settings             [tool.dacu] in pyproject.toml
    frontmatter, sheets  reading Markdown front matter and product sheets
    model                campaigns, venues, products (typed, validated)
    loading              content/ -> model objects, with findings
    site                 the whole site: pages, URLs, lookups
    checks/              content, image and colour rules
    images               responsive variants
    render               Jinja2 through a theme
    write                build elsewhere, then swap into site/
    build                the pipeline above, end to end
    cli, serve           the command line and the phone preview
"""

__version__ = "0.1.0"

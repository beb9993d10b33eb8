"""dacu (大促): a static site generator for e-commerce campaign pages.

The engine is one package a stage, in the order the data flows; a package
imports only the ones listed before it (docs/architecture.md):

    core      findings, the rule catalogue, settings, the cache, colour science
    load      files read safely: front matter, sheets, Markdown, images
    model     campaigns, venues, products and the site built from them; time
    pricing   offers, windows and the 到手价, as shoppers read them
    checks    rules over the model, one image's pixels, and rendered pages
    images    the image stage: checks and responsive variants, each image once
    render    the theme, Jinja2, page keys, the pages
    output    the temporary folder swapped into site/; replaying an unchanged run
    report    findings as text and as the visual report
    session   what outlives one build (templates, theme colours, image refs)
    build     the pipeline above, end to end
    cli, serve  the command line and the phone preview
"""

__version__ = "0.1.0"

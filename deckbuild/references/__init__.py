"""Quarto's cross-references and citations.

    settings.py   `crossref:`, `bibliography:`, `csl:`, `nocite:` … → typed settings on the config
    syntax.py     the `@key` / `[see @a, p. 3; @b]` inline rule, and `: Caption {#tbl-x}` under a table
    crossref.py   labels numbered in deck order (figures, tables, listings, equations, sections)
    floats.py     Quarto's float markup: `div.quarto-float > figure > figcaption`
    labelled.py   where the slide renderer meets labels: float divs, `#refs`, labelled cells
    citations.py  bibliographies read within the deck's read rule, formatted by citeproc-py
    resolve.py    what a slide cannot know yet (a later label, the bibliography) filled in at the end

References are rendered as placeholders while the slides are made, in deck order, and resolved
once every label and citation is known: a figure may be cited before it appears, and a CSL
style disambiguates and numbers over the whole deck.
"""

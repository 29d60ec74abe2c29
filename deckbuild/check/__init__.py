"""`deckbuild check`: a deck's accessibility and layout, measured in Chromium.

A deck is rendered (reusing the execution cache), laid out as reveal.js prints it with every
fragment step on a page of its own, and measured in one call of `probe.js` (overflow,
clipping, contrast, alt text, titles, heading levels, link texts, maths, speaker notes);
axe-core then runs once over the same page. Each problem is reported at the slide's heading
in the source, like a compiler error; front matter `check:` may ignore a rule, with a reason.

    rules.py     the rules' names (front matter validation reads them; nothing heavy here)
    adapter.py   the only calls into the pipeline, the exporter's print layout and the browser
    probe.js     the page's side: measuring every page, pixels behind text, axe's results by slide
    measure.py   probe.js and axe-core run in the page; the screenshots of text over images
    findings.py  what the probe and axe-core found → problems, each with its fix
    places.py    the page's slides → their places in the source
    report.py    problems located, ignored or not, as lines or JSON
    run.py       one deck after another, one browser for all
"""

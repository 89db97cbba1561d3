"""Stage 4, the deliverable. Takes a `Recommendation` (and the catalog, for provenance); gives the report as
Markdown, HTML or JSON (`render`). `narrative` writes the sentences, `cover` the cover's figures, `glossary`
the terms the report explains, `charts` the SVG charts, `templating` runs the Jinja templates in a sandbox,
`branding` checks the client's logo, `schema` defines the report's shape once (typed dicts that `render`
builds and pydantic turns into the JSON Schema). Numbers are printed by `advisor.figures` and ids named in
words by `advisor.wording`, which the engine's sentences share."""

"""The documentation site: static HTML pages generated from the release, in English and French."""

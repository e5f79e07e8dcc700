"""Publishing: what the release adds to the RDF exports, for readers and for catalogues.

``views`` writes the JSON-LD context, the compacted data and the framed views (``context`` makes
the context, ``jsonld`` compacts and frames); ``describe`` writes the VoID and DCAT description of
every file of the release.
"""

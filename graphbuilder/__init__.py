"""graphbuilder: news text in, typed and evidenced knowledge graph out."""
__version__ = "0.1.0"

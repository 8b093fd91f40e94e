"""graphbuilder: news text in, typed and evidenced knowledge graph out.

>>> from graphbuilder import build, extract_text
>>> ex = extract_text("Germany sent Leopard 2 tanks to Ukraine.")
>>> sorted((r.source, r.type, r.target) for r in ex.relations)[0]
('country:DEU', 'SUPPLIES', 'country:UKR')
"""
from .api import BuildResult, Summary, build, extract_text
from .documents import read_documents
from .errors import GraphbuilderError

__all__ = ["build", "extract_text", "BuildResult", "Summary", "read_documents", "GraphbuilderError",
           "__version__"]
__version__ = "0.1.0"

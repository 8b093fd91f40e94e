"""Coded errors in one catalogue.

Why: a user who sees ``Error [GB002]: ...`` can search for the code; the CLI turns every
``GraphbuilderError`` into one line and exit code 1, never a traceback. Codes are stable:
never renumber, only append.

>>> str(NoDocumentsError("nothing readable in: docs/"))
'nothing readable in: docs/'
>>> NoDocumentsError.code, ModelNotFoundError.code
('GB001', 'GB002')
>>> format_error(OutputError("cannot write out/"))
'Error [GB003]: cannot write out/'
"""
from __future__ import annotations

__all__ = [
    "GraphbuilderError", "NoDocumentsError", "ModelNotFoundError", "OutputError", "OutputBusyError",
    "DaskError",
    "Neo4jConnectionError", "Neo4jAuthError", "Neo4jDatabaseError", "Neo4jQueryError",
    "AllowListError", "ModelError", "OutOfMemoryError", "CATALOGUE", "format_error",
]


class GraphbuilderError(Exception):
    """Base of every error the user should see as one line (exit code 1)."""

    code = "GB000"
    exit_code = 1


class NoDocumentsError(GraphbuilderError):
    """No input document could be read (all missing, empty, binary or malformed)."""

    code = "GB001"


class ModelNotFoundError(GraphbuilderError):
    """The spaCy pipeline is not installed; the message says which package to install."""

    code = "GB002"


class OutputError(GraphbuilderError):
    """The output directory or a file in it cannot be created or written."""

    code = "GB003"


class OutputBusyError(GraphbuilderError):
    """Another build holds the output folder's lock (one writer per folder)."""

    code = "GB004"


class ModelError(GraphbuilderError):
    """The model is installed but cannot serve: not a spaCy pipeline, or no dependency parser
    (sentences and relations need one)."""

    code = "GB005"


class OutOfMemoryError(GraphbuilderError):
    """The process ran out of memory; the message says what to lower."""

    code = "GB006"


class DaskError(GraphbuilderError):
    """``--dask``: dask.distributed is not installed, or the scheduler cannot be reached."""

    code = "GB007"


class Neo4jConnectionError(GraphbuilderError):
    """The Bolt server cannot be reached (wrong URI, server down)."""

    code = "GB010"


class Neo4jAuthError(GraphbuilderError):
    """The Bolt server refused the credentials."""

    code = "GB011"


class Neo4jDatabaseError(GraphbuilderError):
    """The database does not exist or is not available."""

    code = "GB012"


class Neo4jQueryError(GraphbuilderError):
    """A Cypher statement failed (syntax, constraint, type)."""

    code = "GB013"


class AllowListError(GraphbuilderError):
    """A label or relationship type is not on the schema allow-list."""

    code = "GB020"


#: Every error class by code, for documentation and tests.
CATALOGUE: dict[str, type[GraphbuilderError]] = {
    cls.code: cls for cls in (
        NoDocumentsError, ModelNotFoundError, OutputError, OutputBusyError, ModelError,
        OutOfMemoryError, DaskError, Neo4jConnectionError, Neo4jAuthError,
        Neo4jDatabaseError, Neo4jQueryError, AllowListError,
    )
}


def format_error(err: GraphbuilderError) -> str:
    """The one line the CLI prints for ``err``.

    >>> format_error(ModelNotFoundError("model 'x' is not installed"))
    "Error [GB002]: model 'x' is not installed"
    """
    message = " ".join(str(err).split()) or type(err).__name__
    return f"Error [{err.code}]: {message}"

"""PostgreSQL helpers for the test suite (used when ``DATABASE_URL`` names a PostgreSQL server).

``scripts/test.sh`` runs the whole suite twice: on SQLite, then with ``DATABASE_URL`` pointing
at a throwaway cluster (``scripts/with-postgres.sh``). In-process tests get pytest-django's
own ``test_<name>_gw<N>`` database per worker; tests that start ``painscope`` in a subprocess
get a database of their own from here, so two workers never migrate one database at once.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "postgis")


def postgres_url(url: str | None = None) -> str | None:
    """``url`` (default ``$DATABASE_URL``) when it names a PostgreSQL database, else None."""
    url = os.environ.get("DATABASE_URL") if url is None else url
    if url and urlsplit(url).scheme in POSTGRES_SCHEMES:
        return url
    return None


def with_database(url: str, name: str) -> str:
    """The same server and credentials as ``url``, database ``name``."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _admin(url: str):
    import psycopg

    return psycopg.connect(with_database(url, "postgres"), autocommit=True, connect_timeout=10)


def create_database(url: str, name: str) -> str:
    """(Re)create database ``name`` on ``url``'s server and return its URL."""
    from psycopg import sql

    with _admin(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return with_database(url, name)


def drop_database(url: str, name: str) -> None:
    from psycopg import sql

    with _admin(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

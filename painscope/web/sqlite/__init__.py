"""painscope's SQLite database backend: Django's, with one in-process writer lock (see ``base``)."""

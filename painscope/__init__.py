"""painscope: an open platform for people living with chronic pain.

The science packages (``diary``, ``model``, ``instruments``, ``signals``, ``insights``) are
pure Python/NumPy and never import Django; ``web`` adapts them to a Django site.
"""

__version__ = "0.1.0"

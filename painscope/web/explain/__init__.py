"""The "How pain works" page: pain neuroscience education driven by painscope.model."""

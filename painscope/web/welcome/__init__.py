"""The public front door: what painscope is, who runs this copy, how data is kept."""

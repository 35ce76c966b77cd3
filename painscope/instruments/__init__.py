"""painscope.instruments"""

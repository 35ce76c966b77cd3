"""painscope.insights"""

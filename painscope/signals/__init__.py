"""painscope.signals"""

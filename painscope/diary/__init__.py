"""painscope.diary"""

"""painscope.model"""

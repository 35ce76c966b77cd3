"""painscope.web"""

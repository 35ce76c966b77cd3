"""painscope.reports"""

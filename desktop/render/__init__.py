"""Drawing: the one map painter for the window and image exports, composition, HTML.

QtGui only (no widgets); shapely meets Qt in ``qtgeometry`` alone.
"""

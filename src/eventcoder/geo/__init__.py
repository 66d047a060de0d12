"""The gazetteer: place names, their countries, coordinates and aliases (GeoNames extracts).

Reference geography shared by several stages, so it sits below them: the entity ruler tags
place names from it, the actors stage asks it which country a place name belongs to, and the
places stage ranks its candidates. Its data lives in ``data/places/``.
"""

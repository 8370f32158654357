"""Package data: the communes table (GeoNames, CC BY 4.0) and its attribution."""

"""The three browser screens (catalog, brands, export connections) and their shared base."""

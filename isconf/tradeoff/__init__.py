"""The function-loss trade-off: options, benefits, deficits and ratings for one infant."""

"""Reusable drawings of a case's core models (the treatment timeline, the development trend),
for the editor, the slide and any other view to place."""

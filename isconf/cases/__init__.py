"""Cases: the case repository (list, read, write, import) behind ``Services.cases``."""

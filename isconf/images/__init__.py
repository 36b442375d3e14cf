"""Key images of a case: importing PNG, JPEG and DICOM files without the identifiers they
carry, and showing any of them as a picture (``display.picture``)."""

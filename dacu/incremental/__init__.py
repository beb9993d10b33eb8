"""The incremental record of the last build and the rebuild from it (:mod:`dacu.incremental.rebuild`)."""

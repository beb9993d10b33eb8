"""The image stage: each image a page shows, checked and made into responsive variants."""

from dacu.images.memo import RefMemo
from dacu.images.stage import ImageRef, ImageSet, ImageStage

__all__ = ["ImageRef", "ImageSet", "ImageStage", "RefMemo"]

"""The image stage: each image a page shows, checked and made into responsive variants."""

from typing import TYPE_CHECKING

from dacu.core.lazy import exports

if TYPE_CHECKING:
    from dacu.images.memo import RefMemo
    from dacu.images.refs import ImageRef, ImageSet
    from dacu.images.stage import ImageStage

__all__ = ["ImageRef", "ImageSet", "ImageStage", "RefMemo"]

# each module is imported when one of its names is first used (dacu.core.lazy)
__getattr__ = exports(__name__, {
    "dacu.images.memo": ("RefMemo",),
    "dacu.images.refs": ("ImageRef", "ImageSet"),
    "dacu.images.stage": ("ImageStage",),
})

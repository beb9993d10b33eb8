"""The command line: ``python build.py [build|check|serve|new]``."""

import gc

# The command line's imports make some 30,000 objects (modules, classes, functions), none of them garbage: the
# cyclic collector's passes over them while they are made cost 3-4 ms of a 200 ms one-file rebuild. So the
# collector is off while they are imported (as it is while the replay and the rebuild from the record run:
# dacu.cli.main._run), and they then join the oldest generation (freeze, then thaw into it), where the next
# young passes do not look at them again.
if gc.isenabled():
    gc.disable()
    try:
        from dacu.cli.main import main
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()
else:
    from dacu.cli.main import main

__all__ = ["main"]

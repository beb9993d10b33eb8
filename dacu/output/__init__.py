"""The output: a temporary folder swapped into site/; replaying a run when nothing changed."""

from dacu.output.write import Output
from dacu.output.replay import forget, input_signature, record, replay

__all__ = ["Output", "forget", "input_signature", "record", "replay"]

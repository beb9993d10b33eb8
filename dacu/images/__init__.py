"""The image stage: every image opened once for its checks and its responsive variants."""

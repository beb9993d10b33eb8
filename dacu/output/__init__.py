"""Output: the temporary folder swapped into site/, and the replay of an unchanged run."""

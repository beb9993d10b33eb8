"""The site model: campaigns, venues and products built from what was loaded, and time."""

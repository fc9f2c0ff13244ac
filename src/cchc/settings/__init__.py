"""Settings: ``base`` reads everything from the environment; ``dev``, ``test`` and ``prod`` adjust defaults."""

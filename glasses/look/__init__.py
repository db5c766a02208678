"""Look and shop: the skill (skill.py), its config (config.py), ``look_images`` for the
``glasses look`` command (images.py) and synthetic test
pictures (synth.py)."""

"""``python -m ipco``."""

from ipco.console import main_exit

main_exit()

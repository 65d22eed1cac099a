"""The site's build command: Pelican in this process, into a fresh folder swapped in whole.

`make html`, `make publish`, `make regenerate`, `make serve`, `make devserver` and `make clean`
run `python -m newsroom.build <command>`; see cli.py for the options, build.py for one build
and atomic.py for the swap and the lock.
"""

"""The site's build command: Pelican in this process, into a fresh folder swapped in whole.

`make html`, `make publish`, `make regenerate`, `make serve` and `make devserver` run
`python -m newsroom_build <command>`; see cli.py for the options, build.py for one build
and atomic.py for the swap and the lock.
"""

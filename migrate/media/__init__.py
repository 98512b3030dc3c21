"""Media: the files a post references, brought into the output and every reference
rewritten (``--media copy`` from an uploads folder, ``--media download`` over HTTP).

:mod:`.refs` lists a post's references, :mod:`.resolve` finds the original behind a
resized variant, :mod:`.names` gives each file a safe, collision-free local name,
:mod:`.copy` and :mod:`.fetch` obtain the bytes, :mod:`.store` ties them together
per post and :mod:`.report` writes ``media-report.json``.
"""

from __future__ import annotations

MODES = ("none", "link", "copy", "download")
LAYOUTS = ("auto", "bundle", "shared")

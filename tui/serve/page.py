"""The page a browser gets from ``nnwb serve``: textual-serve's, made to need nothing but this server.

textual-serve's page links Google Fonts: a classroom without the internet waited for it, then
drew the terminal in whatever fallback it had. The font it names, Roboto Mono (Apache License
2.0), ships with textual-serve and this server serves it already (``static/fonts``): the page
declares it from there. Roboto Mono has no ⭘ (U+2B58), the icon of Textual's Header, and
neither have Courier New or Monaco, the page's fallbacks: a tab's header showed a missing-glyph
box. On its way to the browser it becomes • (U+2022), which they all have; the app in a
terminal keeps its ⭘. The page gets a ``<title>``, and its "Session ended" box shows why the
server closed the tab (too many tabs, a message too big) when there is a reason to show.
"""

from __future__ import annotations

import html
import re

# A stylesheet linked by a full address: kept if it is this server's (xterm.css), else dropped.
REMOTE_STYLESHEET = re.compile(r'\s*<link\s+rel="stylesheet"\s+href="https?://[^"]*"\s*/>')

LOCAL_FONT = """<style>
      @font-face {{
        font-family: "Roboto Mono";
        src: url("{static}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: normal;
      }}
      @font-face {{
        font-family: "Roboto Mono";
        src: url("{static}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700;
        font-style: italic;
      }}
    </style>"""

# textual.js keeps its websocket to itself and shows the "Session ended" box on close, without
# the reason: every websocket the page opens tells the box the reason it was closed with.
CLOSE_REASON = """<script>
      (function () {
        const Native = window.WebSocket;
        window.WebSocket = class extends Native {
          constructor(...args) {
            super(...args);
            this.addEventListener("close", (event) => {
              const box = document.querySelector(".closed-dialog .message");
              if (box && event.reason) { box.textContent = event.reason; }
            });
          }
        };
      })();
    </script>"""


def served_page(page: str, title: str, static_url: str) -> str:
    """textual-serve's rendered page with local fonts, a title and the close reason shown."""
    page = REMOTE_STYLESHEET.sub(lambda link: link[0] if f'href="{static_url}' in link[0] else "", page)
    head = (f"<head>\n    <title>{html.escape(title)}</title>\n    "
            f"{LOCAL_FONT.format(static=html.escape(static_url))}\n    {CLOSE_REASON}")
    return page.replace("<head>", head, 1)


HEADER_ICON = "⭘".encode()
SERVED_ICON = "•".encode()  # as many bytes in UTF-8, and one cell wide too: nothing moves


def with_page_glyphs(output: bytes) -> bytes:
    """The app's terminal output with the glyphs the page's fonts lack replaced."""
    return output.replace(HEADER_ICON, SERVED_ICON)

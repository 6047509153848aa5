#!/usr/bin/env python3
"""Static file server for tests/browser: loopback only, a free port chosen by the kernel.

usage: static_server.py ROOT PORT_FILE LOG_FILE
Writes the port to PORT_FILE once listening; appends "STATUS PATH" to LOG_FILE for every
request (flushed at once, so the test can read it while the server runs). Nothing is
cached (Cache-Control: no-store), so every page load really fetches every resource.
"""
import functools
import http.server
import os
import sys

root, port_file, log_file = sys.argv[1:4]
log = open(log_file, "a", buffering=1)


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
        ".svg": "image/svg+xml", ".woff2": "font/woff2", ".woff": "font/woff",
        ".wasm": "application/wasm", ".webmanifest": "application/manifest+json",
        ".json": "application/json", ".webp": "image/webp", ".avif": "image/avif",
    }

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_request(self, code="-", size="-"):
        try:
            code = int(code)
        except (TypeError, ValueError):
            pass
        log.write(f"{code} {self.path}\n")

    def log_message(self, fmt, *args):  # errors are reported through log_request already
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()

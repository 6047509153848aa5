#!/usr/bin/env python3
# A server that accepts connections and never answers: the "stalled connection" case of the
# remote cache test. Prints its port, then serves until killed.
import socket
import sys
import time

s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(64)
print(s.getsockname()[1], flush=True)
held = []
while True:
    conn, _ = s.accept()
    held.append(conn)  # keep it open, read nothing, write nothing

"""Debian's /usr/bin/chromium, headless, driven over the DevTools protocol on a pipe (fd 3:
commands in, fd 4: events out, NUL-separated JSON), for the end-to-end tests that need a real
browser (test_browser.py, test_validators.py, test_search.py). Python's standard library
only. Browser(profile, deadline) starts it; send() a command and wait for its answer,
wait_event() for an event; evaluate() runs JavaScript in a page and returns its value;
Server serves a folder on 127.0.0.1 for pages that must come over HTTP.
"""

import fcntl
import http.server
import json
import os
import queue
import subprocess
import sys
import threading
import time

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Browser:
    def __init__(self, profile, deadline=None):
        # a hard bound for the whole session: no command waits past it
        self.deadline = deadline if deadline is not None else time.monotonic() + 110
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        # move the child's ends above 10 so that dup2 onto 3 and 4 cannot clobber them
        self._child_in = fcntl.fcntl(to_r, fcntl.F_DUPFD_CLOEXEC, 10)
        self._child_out = fcntl.fcntl(from_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_r)
        os.close(from_w)
        cin, cout = self._child_in, self._child_out

        def pre():
            os.dup2(cin, 3)
            os.dup2(cout, 4)

        args = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--hide-scrollbars", "--mute-audio",
                "--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank"]
        self.log = open(os.path.join(profile, "..", "chromium.log"), "wb")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=self.log, preexec_fn=pre, close_fds=False)
        os.close(cin)
        os.close(cout)
        self.w = to_w
        self.r = from_r
        self.q = queue.Queue()
        self.events = []
        self.next_id = 0
        self.pending = {}
        t = threading.Thread(target=self._reader, daemon=True)
        t.start()

    def _reader(self):
        buf = b""
        while True:
            try:
                chunk = os.read(self.r, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
            while b"\0" in buf:
                msg, buf = buf.split(b"\0", 1)
                try:
                    self.q.put(json.loads(msg.decode("utf-8")))
                except ValueError:
                    pass
        self.q.put(None)

    def _pump(self, timeout):
        try:
            m = self.q.get(timeout=max(0.01, timeout))
        except queue.Empty:
            return False
        if m is None:
            raise RuntimeError("chromium closed the pipe")
        if "id" in m:
            self.pending[m["id"]] = m
        else:
            self.events.append(m)
        return True

    def send(self, method, params=None, session=None, timeout=15):
        self.next_id += 1
        i = self.next_id
        msg = {"id": i, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.w, json.dumps(msg).encode("utf-8") + b"\0")
        end = min(time.monotonic() + timeout, self.deadline)
        while i not in self.pending:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("%s: no answer in %ss" % (method, timeout))
            self._pump(left)
        m = self.pending.pop(i)
        if "error" in m:
            raise RuntimeError("%s: %s" % (method, m["error"]))
        return m.get("result", {})

    def wait_event(self, method, session, since, timeout=15):
        end = min(time.monotonic() + timeout, self.deadline)
        while True:
            for e in self.events[since:]:
                if e.get("method") == method and e.get("sessionId") == session:
                    return e
            left = end - time.monotonic()
            if left <= 0:
                return None
            self._pump(left)

    def drain(self, secs):
        end = time.monotonic() + secs
        while time.monotonic() < end:
            self._pump(end - time.monotonic())

    def close(self):
        try:
            self.send("Browser.close", timeout=3)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
        for fd in (self.w, self.r):
            try:
                os.close(fd)
            except OSError:
                pass
        self.log.close()



    def open_page(self, session_events=("Page.enable", "Runtime.enable")):
        """A new tab attached with its domains enabled: its session id."""
        t = self.send("Target.createTarget", {"url": "about:blank"})
        s = self.send("Target.attachToTarget", {"targetId": t["targetId"], "flatten": True})
        for dom in session_events:
            self.send(dom, session=s["sessionId"])
        return s["sessionId"]

    def navigate(self, session, url, timeout=15):
        """Loads url and waits for its load event; False when none came."""
        since = len(self.events)
        self.send("Page.navigate", {"url": url}, session=session)
        return self.wait_event("Page.loadEventFired", session, since, timeout=timeout) is not None

    def evaluate(self, session, expression, timeout=15, await_promise=False):
        """The value of a JavaScript expression in the page (JSON-able), or raises."""
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                           "awaitPromise": await_promise},
                      session=session, timeout=timeout)
        if "exceptionDetails" in r:
            raise RuntimeError("page script: %s" % json.dumps(r["exceptionDetails"])[:500])
        return r.get("result", {}).get("value")

    def set_width(self, session, width, height=None):
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height or (844 if width < 600 else 900),
                   "deviceScaleFactor": 1, "mobile": width < 600}, session=session)

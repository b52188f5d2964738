"""Bytes in and out of files, within bounds: a download that cannot run away, and a write that
leaves a whole file or none. Standard library only; the data store (``fashion_mnist``) uses both.
"""

import contextlib
import errno
import fcntl
import http.client
import os
import shutil
import socket
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request


class Refused(Exception):
    """A download that another attempt would not mend; the message says why."""


def download(url, limit, check, stall, deadline, attempts, backoff, progress=True, hint=""):
    """The body at ``url``, once ``check(body)`` returns None (else it returns what is wrong).

    Bounds: at most ``limit`` bytes, ``stall`` seconds without a byte, ``deadline`` seconds for
    all ``attempts`` together (``backoff`` seconds before the second, doubled after each).
    Redirects are followed within the same server only. Raises ``Refused``; ``hint`` is added to
    a message about a transfer too slow."""
    until, problems = time.monotonic() + deadline, []
    for attempt in range(attempts):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        body, why = _attempt(url, limit, stall, deadline, until, progress, hint)
        if body is not None:
            why = check(body)
            if why is None:
                return body
            why = f"the {len(body)} bytes received are {why}"
        problems.append(why)
    raise Refused(f"downloading {url} failed {attempts} times: " + "; ".join(problems))


def _attempt(url, limit, stall, deadline, until, progress, hint):
    """(body, None) after a complete transfer; (None, why) after a failure another attempt may
    not meet; ``Refused`` for one that it would meet again."""
    from tqdm.auto import tqdm

    try:
        with urllib.request.build_opener(_SameServer).open(url, timeout=stall) as response:
            declared = response.length  # Content-Length, or None
            if declared is not None and declared > limit:
                raise Refused(f"{url} announces {declared} bytes; the file has at most {limit}")
            body = bytearray()
            with tqdm(total=declared, unit="B", unit_scale=True, desc=url.rsplit("/", 1)[-1],
                      disable=not progress, leave=False) as bar:
                while chunk := response.read1(1 << 16):
                    body += chunk
                    bar.update(len(chunk))
                    if len(body) > limit:
                        raise Refused(f"{url} sent more than {limit} bytes, more than the file "
                                      "can have: it is not the file")
                    if time.monotonic() > until:
                        raise Refused(f"{url} was still sending after {deadline:g} s ({len(body)} "
                                      f"bytes so far): the connection is too slow{hint}")
    except urllib.error.HTTPError as err:
        if 500 <= err.code < 600:
            return None, f"the server answered HTTP {err.code} {err.reason}"
        raise Refused(f"{url} answered HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        if isinstance(err.reason, socket.gaierror):
            raise Refused(f"no network: cannot resolve the host of {url} ({err.reason})") from None
        return None, f"cannot connect: {err.reason}"
    except TimeoutError:
        return None, f"no data for {stall:g} s"
    except (http.client.HTTPException, ConnectionError) as err:
        return None, f"the connection broke ({type(err).__name__}: {err})"
    if declared is not None and len(body) != declared:
        return None, f"the transfer stopped after {len(body)} of {declared} bytes"
    return body, None


class _SameServer(urllib.request.HTTPRedirectHandler):
    """Follows redirects within one host only, and never from https to http."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        if new.hostname != old.hostname or (old.scheme == "https" and new.scheme != "https"):
            raise Refused(f"{req.full_url} redirects to {newurl}, on another server or without "
                          "https, which the course does not follow: set MXNET_GLUON_REPO to a "
                          "mirror that serves the files itself")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def atomic_write(dest, chunks):
    """Write the byte strings ``chunks`` to ``dest`` through a temporary file beside it
    (``.NAME.*.part``), locked while written, so that a clean-up can tell a killed run's from a
    live one, and renamed when done."""
    folder, name = os.path.split(dest)
    os.makedirs(folder, exist_ok=True)
    fd, part = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with open(fd, "wb", closefd=False) as f:
            for chunk in chunks:
                f.write(chunk)
        os.chmod(part, 0o644)
        os.replace(part, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(part)
        raise
    finally:
        os.close(fd)


def why_not_written(err, dest, size):
    """Why writing ``size`` bytes to ``dest`` failed; a full disk says how much is missing."""
    if err.errno != errno.ENOSPC:
        return err.strerror or str(err)
    folder = os.path.dirname(dest)
    while not os.path.isdir(folder) and os.path.dirname(folder) != folder:
        folder = os.path.dirname(folder)  # the nearest folder that exists
    mb = lambda n: f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n} bytes"  # noqa: E731
    free = ""
    with contextlib.suppress(OSError):
        free = f" and {folder} has {mb(shutil.disk_usage(folder).free)} free"
    return f"the disk is full: {dest} needs {mb(size)}{free}"

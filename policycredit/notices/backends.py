"""Where a text message goes: the backend named by ``POLICYCREDIT_SMS_BACKEND``.

A backend's ``send(message)`` hands one message over and answers a `Handed` (the gateway's id
for it, and whether it is already delivered), or raises `GatewayError` (``retry`` says whether
trying again later may work). It never writes the database: the caller records the outcome.

- `FileBackend` (development, tests, the demo): one file per message in
  ``POLICYCREDIT_SMS_FILE_DIR``; it is delivered as soon as it is written.
- `ConsoleBackend`: the message on standard error; delivered.
- `HttpBackend`: one HTTP SMS gateway, a JSON POST (the shape is in the notices' docs). The
  gateway's delivery reports come back to ``notices/delivery/`` (`delivery.py`).
"""

import hashlib
import hmac
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from django.utils.module_loading import import_string

from policycredit.notices import conf


@dataclass(frozen=True)
class Handed:
    gateway_id: str
    delivered: bool = False


class GatewayError(Exception):
    def __init__(self, message: str, *, retry: bool):
        super().__init__(message)
        self.retry = retry


class NotConfigured(Exception):
    """No backend is set: messages stay queued until one is."""


def backend():
    path = conf.backend_path()
    if not path:
        raise NotConfigured("POLICYCREDIT_SMS_BACKEND is not set")
    return import_string(path)()


class FileBackend:
    def __init__(self, folder=None):
        self.folder = folder

    def send(self, message) -> Handed:
        folder = Path(self.folder) if self.folder else conf.file_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        name = f"{message.pk:010d}.txt"
        part = folder / f".{name}.part"
        # Phone numbers are personal data: the file is the process user's alone.
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(f"To: {message.phone}\nKey: {message.key}\n\n{message.text}\n")
        part.replace(folder / name)
        return Handed(gateway_id=f"file-{message.pk}", delivered=True)


class ConsoleBackend:
    def send(self, message) -> Handed:
        sys.stderr.write(f"SMS to {message.phone}: {message.text}\n")
        return Handed(gateway_id=f"console-{message.pk}", delivered=True)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 of "<timestamp>.<body>", hex: the adapter signs its requests with it and
    the delivery callback checks the gateway's reports with it."""
    signed = timestamp.encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


class HttpBackend:
    """One JSON POST per message. The ``reference`` is the message's dedupe key, the same on
    every attempt of a round: a gateway that keeps its references (the docs ask it to) never
    sends one message twice, even when our request timed out after it had been accepted. A
    person's resend of a failed message is a new round, with a new reference."""

    def __init__(self, session=None):
        self.settings = conf.gateway()
        self.session = session or requests

    def send(self, message) -> Handed:
        config = self.settings
        if not config["url"]:
            raise GatewayError("POLICYCREDIT_SMS_URL is not set", retry=False)
        body = json.dumps(
            {
                "to": message.phone,
                "from": config["sender"],
                "text": message.text,
                "reference": message.reference,
            },
            ensure_ascii=False,
        ).encode()
        headers = {"Content-Type": "application/json"}
        if config["api_key"]:
            headers["Authorization"] = f"Bearer {config['api_key']}"
        if config["api_secret"]:
            timestamp = str(int(time.time()))
            headers["X-Timestamp"] = timestamp
            headers["X-Signature"] = signature(config["api_secret"], timestamp, body)
        try:
            reply = self.session.post(
                config["url"], data=body, headers=headers, timeout=config["timeout"]
            )
        except requests.Timeout as error:
            raise GatewayError(f"timeout: {error}", retry=True) from error
        except requests.RequestException as error:
            raise GatewayError(f"connection: {error}", retry=True) from error
        if reply.status_code == 429 or reply.status_code >= 500:
            raise GatewayError(f"HTTP {reply.status_code}: {reply.text[:200]}", retry=True)
        if reply.status_code >= 400:
            # The gateway refused this message (a wrong number, a blocked sender): the same
            # request would be refused again.
            raise GatewayError(f"HTTP {reply.status_code}: {reply.text[:200]}", retry=False)
        try:
            answer = reply.json()
            gateway_id = str(answer["id"])
        except (ValueError, KeyError, TypeError) as error:
            # Accepted (2xx) but unreadable: it may go out, so it is never sent again.
            raise AcceptedUnread(f"HTTP {reply.status_code}: {reply.text[:200]}") from error
        return Handed(gateway_id=gateway_id[:100], delivered=answer.get("status") == "delivered")


class AcceptedUnread(Exception):
    """The gateway said yes without an id we can read: the message is taken as sent (never
    sent again), and its delivery cannot be followed."""

"""gunicorn's settings for `policycredit serve` (and for an operator who runs gunicorn with
``--config python:policycredit.web.gunicorn_conf``). Each can be changed from the environment."""

import multiprocessing
import os

bind = os.environ.get("POLICYCREDIT_BIND", "127.0.0.1:8000")  # nginx in front, on this machine
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A report of a whole branch or a large import's check takes tens of seconds.
timeout = int(os.environ.get("POLICYCREDIT_TIMEOUT", "180"))
graceful_timeout = 30
max_requests = 2000  # a worker is replaced now and then: memory a long day gathers goes back
max_requests_jitter = 200
accesslog = None  # the application writes one JSON line per request (web.middleware)
errorlog = "-"
forwarded_allow_ips = os.environ.get("POLICYCREDIT_PROXIES", "127.0.0.1")
wsgi_app = "policycredit.wsgi:application"

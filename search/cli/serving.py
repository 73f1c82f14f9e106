"""`python -m search serve`: the JSON HTTP API (search/api/) on uvicorn, in one or more worker processes."""

from __future__ import annotations

import argparse
import copy
import os

from search.cli.output import EXIT_OK
from search.config import Settings
from search.errors import UsageError

# The API's app, made in each worker from the environment (uvicorn imports it by this name).
APP_FACTORY = "search.api.server:create_app"


def serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from search.api.settings import load_api_settings

    if args.workers < 1:
        raise UsageError(f"--workers must be at least 1, got {args.workers}")
    try:
        load_api_settings()  # a setting that cannot be read is named now, once, not by each worker
    except ValueError as error:
        raise UsageError(str(error)) from None
    # Each worker reads its settings from the environment: the index named here goes there.
    os.environ["IOP_SEARCH_INDEX"] = str(settings.index.resolve())
    if args.workers > 1:
        # One BLAS thread per worker: with a thread pool each, concurrent questions in several workers
        # ask for far more threads than there are cores, and throughput collapsed (docs/performance.md).
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    logging_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    logging_config["loggers"]["iop_search"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        # uvicorn's access log writes each request's query string, where a question could be; the
        # API logs each request itself, without it (search/api/server.py).
        access_log=False,
        log_config=logging_config,
        server_header=False,
    )
    return EXIT_OK

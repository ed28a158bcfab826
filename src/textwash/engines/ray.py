"""Run ``clean`` on a Ray cluster, and clean a text column inside a Ray Data job.

Two things live here, both optional (``pip install 'textwash[ray]'``); Ray is imported only
when one of them is used, so ``clean`` with the local engine never loads it.

:class:`RayEngine` is the :class:`~textwash.engines.Engine` contract over Ray: each batch of
files is one Ray task calling the same :func:`~textwash.runner.run_batch` (or
:func:`~textwash.runner.fit_batch`) as a local worker process does, so outputs, their atomic
replacement, per-file errors, the resume cache and the report are the local engine's. What
travels:

* the :class:`~textwash.runner.Job` (the pipeline, with its fitted statistics) is put into
  Ray's object store **once per pass**; each task receives a reference to it, fetched once
  per node and unpickled once per worker process (:func:`_payload` keeps it);
* a task is a list of :class:`~textwash.runner.Task` (paths and formats, a few hundred
  bytes per file); workers read inputs and write outputs **on a file system every node
  shares**, at the same paths as the driver sees them;
* a task returns the files' :class:`~textwash.runner.Outcome` s (counts, never text, except
  ``--diff``) or, in a fit pass, the corpus filter's compact statistics.

The driver submits at most :attr:`RayEngine.in_flight` tasks at a time and submits the
next one when one finishes (backpressure: the driver holds the plan, the cache, the report
and that many small results, whatever the size of the corpus).

Why plain tasks rather than Ray Data: the contract is per batch (a result or
``on_crash(batch)`` for each, as they finish), outputs are written by workers to
per-input paths and must be on disk before the driver records them in the resume cache,
and a file that kills its worker must fail alone. Ray Data fails a whole dataset when a
function raises or a worker dies past its retries, names output files after blocks, and
starts an executor per dataset (seconds each on a small machine). The reasons, with
measurements, are in ``docs/ray.md``.

:class:`CleanBatch` is the other direction: textwash inside *your* Ray Data job, as the
function of ``Dataset.map_batches``.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType, ModuleType
from typing import Any, TypeVar

from textwash._version import __version__
from textwash.document import Document
from textwash.engines import Engine
from textwash.pipeline import Pipeline
from textwash.runner import Job, Outcome, Task

R = TypeVar("R")

#: Ray's switch for a one-machine instance: with ``0`` every server of a Ray instance this
#: process starts listens on 127.0.0.1 only (what Ray does by default on macOS and
#: Windows). It must be set before Ray is imported; see :func:`import_ray`.
SINGLE_MACHINE_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"

#: The message of a file whose worker died, the same as the local engine's.
CRASH = "its worker process died while cleaning it (a crash, or out of memory)"

INSTALL_HINT = "the Ray engine needs Ray: pip install 'textwash[ray]'"


def import_ray(*, local_only: bool = False) -> ModuleType:
    """Import Ray, or raise :class:`ImportError` saying how to install it.

    ``local_only``: this process is about to start a Ray instance of its own, which should
    listen on the loopback interface only. That is decided when Ray is first imported, so
    it has no effect once something else has imported Ray (an explicit setting of
    :data:`SINGLE_MACHINE_ENV` always wins).
    """
    if local_only:
        os.environ.setdefault(SINGLE_MACHINE_ENV, "0")
    try:
        import ray
    except ImportError as error:
        raise ImportError(INSTALL_HINT) from error
    return ray


# -- the worker side -------------------------------------------------------------------------

#: The payload (function and job) of the last passes this worker process ran, by object id.
_payloads: dict[str, tuple[Callable[[Job, Sequence[Task]], Any], Job]] = {}


class VersionMismatchError(RuntimeError):
    """A worker runs another textwash than the driver (its output could differ)."""


def _payload(ref: Any) -> tuple[Callable[[Job, Sequence[Task]], Any], Job]:
    """The pass's function and job, fetched and unpickled once per worker process."""
    key = ref.hex()
    found = _payloads.get(key)
    if found is None:
        import ray

        found = ray.get(ref)
        if len(_payloads) >= 2:  # a fit pass and a clean pass; older ones are done
            _payloads.clear()
        _payloads[key] = found
    return found


def _execute(holder: list[Any], batch: list[Task], version: str) -> Any:
    """One Ray task: ``fn(job, batch)``, with the job taken from the object store.

    ``holder`` is ``[ref]``: a reference nested in a list is passed as it is instead of
    being resolved by Ray, so that :func:`_payload` can unpickle it once per process.
    """
    if version != __version__:
        raise VersionMismatchError(
            f"this Ray worker runs textwash {__version__} and the driver {version}; "
            "install the same version on every node"
        )
    fn, job = _payload(holder[0])
    result = fn(job, batch)
    if isinstance(result, list):  # a clean pass's outcomes: say which node cleaned them
        import ray

        node = ray.get_runtime_context().get_node_id()
        for outcome in result:
            if isinstance(outcome, Outcome):
                outcome.node = node
    return result


_remote: Any = None


def _remote_execute(ray: ModuleType) -> Any:
    """:func:`_execute` as a Ray remote function (made once, when Ray is first used).

    ``max_retries=0``: Ray would rerun a whole batch after a worker crash; the engine
    instead reruns its files one by one, so that the file that kills its worker is found
    and reported and the others are cleaned (see :meth:`RayEngine.map`).
    """
    global _remote
    if _remote is None:
        _remote = ray.remote(num_cpus=1, max_retries=0)(_execute)
    return _remote


#: How long :func:`reach` tries to open a connection to a cluster's address.
REACH_TIMEOUT = 10.0


class UnreachableError(ConnectionError):
    """Nothing answers at a Ray cluster's address."""


def reach(address: str, timeout: float = REACH_TIMEOUT) -> None:
    """Check that something listens at ``address`` (``HOST:PORT`` or ``ray://HOST:PORT``)
    before ``ray.init`` is given it; raise :class:`UnreachableError` if not.

    ``ray.init`` retries an address where nothing listens for minutes before it gives up;
    a TCP connection says the same in milliseconds (refused) or ``timeout`` seconds (a
    host that does not answer). Addresses Ray resolves itself (``auto``, ``local``) and
    any it would read otherwise are left to Ray.
    """
    import socket

    rest = address.split("://", 1)[1] if "://" in address else address
    host, colon, port = rest.rpartition(":")
    if not colon or not port.isdigit() or not host:
        return  # "auto", "local", or a form Ray resolves its own way
    host = host.strip("[]")  # an IPv6 literal
    try:
        with socket.create_connection((host, int(port)), timeout=timeout):
            pass
    except OSError as error:
        why = "timed out" if isinstance(error, TimeoutError) else error.strerror or str(error)
        raise UnreachableError(
            f"nothing answers at {host}:{port} ({why}): is a Ray cluster running there "
            "(ray start --head)?"
        ) from None


# -- the engine --------------------------------------------------------------------------------


class RayEngine(Engine):
    """Batches of files as Ray tasks, on a local Ray instance or on a cluster.

    Where it runs, decided when it is first used:

    * Ray already initialised in this process (your program called ``ray.init``, or runs
      inside a Ray job): that connection is used, and left open by :meth:`close`;
    * ``address`` given, or ``RAY_ADDRESS`` set: the cluster there (``ray start --head``,
      ``ray up``, a KubeRay ``RayCluster``), e.g. ``"ray-head:6379"`` or ``"auto"``;
    * otherwise: a new Ray instance on this machine, with ``workers`` CPUs (default: all),
      no dashboard, listening on 127.0.0.1 only; :meth:`close` stops it.

    ``workers``: how many batches run at once. On a local instance it is its CPU count;
    on a cluster it caps the engine's use of it (default: every CPU the cluster has when
    the run starts). ``init_options`` go to ``ray.init`` as they are
    (``runtime_env``, ``namespace``...).

    The driver process must see the input and output paths where every node sees them (a
    shared file system); textwash must be installed, in the same version, on every node.
    """

    def __init__(
        self,
        address: str | None = None,
        workers: int | None = None,
        *,
        init_options: Mapping[str, Any] | None = None,
    ) -> None:
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.address = address
        self._requested = workers
        self._init_options = dict(init_options or {})
        self._ray: ModuleType | None = None
        self._owned = False  # this engine called ray.init, so close() shuts it down
        self._local = False  # ... and it started a Ray instance of its own
        self._workers: int | None = None

    def __repr__(self) -> str:
        return f"RayEngine(address={self.address!r}, workers={self._requested!r})"

    # -- connecting --------------------------------------------------------------------

    def connect(self) -> ModuleType:
        """Initialise Ray (once) and return the module."""
        if self._ray is not None:
            return self._ray
        address = self.address or os.environ.get("RAY_ADDRESS") or None
        ray = import_ray(local_only=address is None)
        if not ray.is_initialized():
            options: dict[str, Any] = {"logging_level": logging.ERROR}
            if address is None:
                # A new instance of our own ("local": never attach to one found running).
                options.update(address="local", include_dashboard=False)
                if self._requested is not None:
                    options["num_cpus"] = self._requested
                self._local = True
            else:
                reach(address)
                options["address"] = address
            options.update(self._init_options)
            ray.init(**options)
            self._owned = True
        self._ray = ray
        return ray

    @property
    def workers(self) -> int:
        """Batches that run at once: as asked, else the cluster's CPUs (connects to ask)."""
        if self._workers is None:
            ray = self.connect()
            cpus = int(ray.cluster_resources().get("CPU", 0))
            self._workers = self._requested or max(1, cpus)
        return self._workers

    @workers.setter
    def workers(self, value: int) -> None:
        self._requested = self._workers = value

    @property
    def in_flight(self) -> int:
        """Tasks submitted and not yet finished, at most.

        Twice the workers, so that a worker that finishes finds its next batch already
        queued in Ray, except on a cluster where ``workers`` was given as a cap: there
        Ray would run every submitted task at once, so no more than ``workers`` are.
        """
        capped = self._requested is not None and not self._local
        return self.workers if capped else 2 * self.workers

    def close(self) -> None:
        """Disconnect (stopping the local instance) if this engine connected; else nothing."""
        if self._ray is not None and self._owned:
            self._ray.shutdown()
        self._ray, self._owned, self._local, self._workers = None, False, False, None

    # -- running -----------------------------------------------------------------------

    def map(
        self,
        fn: Callable[[Job, Sequence[Task]], R],
        job: Job,
        batches: Iterable[Sequence[Task]],
        *,
        on_crash: Callable[[Sequence[Task], str], R],
    ) -> Iterator[R]:
        """``fn(job, batch)`` for every batch, as Ray tasks, yielding results as they come.

        An exception escaping ``fn`` gives ``on_crash(batch, "internal error: ...")``.
        A task whose worker dies (a crash, the out-of-memory killer, a lost node) has its
        files run again, each as a task of its own; a file whose task dies again gives
        ``on_crash([file], CRASH)``. Stopping early (Ctrl-C, an error, the consumer
        closing the iterator) cancels the tasks still queued or running (Ray kills their
        workers), so that none goes on writing after the command is gone.
        """
        stream = iter(batches)
        first = next(stream, None)
        if first is None:
            return
        ray = self.connect()
        from ray.exceptions import RayError, RayTaskError

        execute = _remote_execute(ray)
        holder = [ray.put((fn, job))]
        limit = self.in_flight
        # Files whose task died, each to run alone, before the batches still to come.
        queue: deque[tuple[list[Task], bool]] = deque()
        upcoming: Iterator[Sequence[Task]] | None = itertools.chain([first], stream)
        running: dict[Any, tuple[list[Task], bool]] = {}
        finished = False
        try:
            while queue or running or upcoming is not None:
                while (queue or upcoming is not None) and len(running) < limit:
                    if queue:
                        batch, alone = queue.popleft()
                    else:
                        assert upcoming is not None
                        given = next(upcoming, None)
                        if given is None:
                            upcoming = None
                            break
                        batch, alone = list(given), False
                    running[execute.remote(holder, batch, __version__)] = (batch, alone)
                if not running:
                    continue
                done, _ = ray.wait(list(running), num_returns=1)
                for ref in done:
                    batch, alone = running.pop(ref)
                    try:
                        result = ray.get(ref)
                    except RayTaskError as error:  # fn raised: a bug, or a version mismatch
                        cause = error.cause if error.cause is not None else error
                        result = on_crash(batch, f"internal error: {type(cause).__name__}: {cause}")
                    except RayError:  # the worker died: find the file that kills it
                        if alone or len(batch) == 1:
                            result = on_crash(batch, CRASH)
                        else:
                            queue.extendleft(([task], True) for task in reversed(batch))
                            continue
                    yield result
            finished = True
        finally:
            if not finished:
                for ref in running:
                    ray.cancel(ref, force=True)


# -- textwash inside a Ray Data job ----------------------------------------------------------


class CleanBatch:
    """Clean the text column of a Ray Data batch: the function for ``Dataset.map_batches``.

    ``pipeline``: what to run (default: :meth:`Pipeline.default`); corpus filters must be
    fitted and bound first (:meth:`Pipeline.bind`). ``column``: the text column; values
    that are not strings (missing values) pass through. ``output_column``: write the
    cleaned text there instead of over ``column``. ``metadata_columns``: columns handed to
    the filters as the document's metadata (a ``url`` column tells a bound
    ``boilerplate`` filter each row's site).

    Works on every batch format Ray Data gives: a ``pandas.DataFrame``, a
    ``pyarrow.Table``, or a dict of NumPy arrays (or of lists); the result has the same
    format, the same rows and the other columns untouched::

        import ray
        from textwash.engines.ray import CleanBatch

        ds = ray.data.read_parquet("s3://bucket/crawl/")
        ds = ds.map_batches(CleanBatch(column="text"), batch_format="pyarrow")
        ds.write_parquet("s3://bucket/clean/")

    To keep one pipeline per actor instead of unpickling it per task, pass the class:
    ``ds.map_batches(CleanBatch, fn_constructor_kwargs={"column": "text"}, concurrency=4)``.

    >>> CleanBatch()({"text": ["Tom &amp; Jerry  \\n", None], "id": [1, 2]})
    {'text': ['Tom & Jerry\\n', None], 'id': [1, 2]}
    """

    def __init__(
        self,
        pipeline: Pipeline | None = None,
        column: str = "text",
        *,
        output_column: str | None = None,
        metadata_columns: Sequence[str] = (),
    ) -> None:
        pipeline = Pipeline.default() if pipeline is None else pipeline
        if pipeline.corpus_filters:
            names = ", ".join(f.name for f in pipeline.corpus_filters)
            raise ValueError(
                f"corpus filter {names} must be fitted and bound (Pipeline.bind) before "
                "cleaning single batches"
            )
        self.pipeline = pipeline
        self.column = column
        self.output_column = output_column or column
        self.metadata_columns = tuple(metadata_columns)

    def __repr__(self) -> str:
        return (
            f"CleanBatch(pipeline={list(self.pipeline.names)!r}, column={self.column!r}, "
            f"output_column={self.output_column!r})"
        )

    def clean_values(
        self, values: Sequence[Any], metadata: Sequence[Mapping[str, Any]]
    ) -> list[Any]:
        """Each string cleaned; anything else (``None``, NaN) as it was."""
        out: list[Any] = []
        for i, value in enumerate(values):
            if isinstance(value, str):
                meta = metadata[i] if metadata else _NO_METADATA
                value = self.pipeline.run(Document(str(value), metadata=meta)).text
            out.append(value)
        return out

    def __call__(self, batch: Any) -> Any:
        if isinstance(batch, Mapping):
            return self._dict(batch)
        module = type(batch).__module__.split(".")[0]
        if module == "pandas":
            return self._pandas(batch)
        if module == "pyarrow":
            return self._arrow(batch)
        raise TypeError(
            f"CleanBatch takes a pandas DataFrame, a pyarrow Table or a dict of arrays, "
            f"not {type(batch).__name__}"
        )

    def _metadata(self, columns: Mapping[str, Sequence[Any]], rows: int) -> list[Mapping[str, Any]]:
        if not self.metadata_columns:
            return []
        return [
            MappingProxyType({name: columns[name][i] for name in self.metadata_columns})
            for i in range(rows)
        ]

    def _dict(self, batch: Mapping[str, Any]) -> dict[str, Any]:
        values = batch[self.column]
        listed = values.tolist() if hasattr(values, "tolist") else list(values)
        extra = {name: _as_list(batch[name]) for name in self.metadata_columns}
        cleaned = self.clean_values(listed, self._metadata(extra, len(listed)))
        out = dict(batch)
        if hasattr(values, "dtype"):  # a NumPy array: keep its kind of array
            import numpy as np

            kind = values.dtype.kind if self.output_column == self.column else "O"
            out[self.output_column] = np.array(cleaned, dtype=str if kind == "U" else object)
        else:
            out[self.output_column] = cleaned
        return out

    def _pandas(self, frame: Any) -> Any:
        import pandas as pd

        extra = {name: frame[name].tolist() for name in self.metadata_columns}
        cleaned = self.clean_values(frame[self.column].tolist(), self._metadata(extra, len(frame)))
        out = frame.copy(deep=False)
        column = frame[self.column]
        if self.output_column == self.column:
            out[self.column] = pd.Series(cleaned, index=frame.index, dtype=column.dtype)
        else:
            out[self.output_column] = cleaned
        return out

    def _arrow(self, table: Any) -> Any:
        import pyarrow as pa

        extra = {name: table.column(name).to_pylist() for name in self.metadata_columns}
        column = table.column(self.column)
        cleaned = self.clean_values(column.to_pylist(), self._metadata(extra, table.num_rows))
        if self.output_column == self.column:
            index = table.schema.get_field_index(self.column)
            field = table.schema.field(index)
            return table.set_column(index, field, pa.array(cleaned, type=column.type))
        return table.append_column(self.output_column, pa.array(cleaned, type=pa.string()))


_NO_METADATA: Mapping[str, Any] = MappingProxyType({})


def _as_list(values: Any) -> list[Any]:
    return list(values.tolist() if hasattr(values, "tolist") else values)

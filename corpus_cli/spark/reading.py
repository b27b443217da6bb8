"""The Spark engine's first stage: INPUT arguments resolved on Spark's filesystems (never
read on the driver) and read on the executors into article records, by the library's
readers (``inputs`` says what an argument is)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus_cli.errors import InputError
from corpus_cli.settings import IngestSettings
from corpus_cli.spark import tasks
from corpus_cli.spark.inputs import PARQUET, Argument, is_glob, split_glob

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

RECORDS_SCHEMA = ("order string, name string, error string, id string, location string, "
                  "path string, source string, content_hash string, title string, "
                  "date string, text string, pars binary")


class FileSystem:
    """Hadoop's FileSystem, through the driver's JVM: metadata and the two small files
    the driver writes (summary.json, _SUCCESS), on any filesystem Spark reaches."""

    def __init__(self, spark: SparkSession) -> None:
        jvm = spark.sparkContext._jvm
        assert jvm is not None  # a running session has its gateway
        self.jvm = jvm
        self.conf = spark.sparkContext._jsc.hadoopConfiguration()

    def path(self, name: str) -> Any:
        return self.jvm.org.apache.hadoop.fs.Path(name)

    def fs(self, name: str) -> Any:
        return self.path(name).getFileSystem(self.conf)

    def qualified(self, name: str) -> str:
        return str(self.fs(name).makeQualified(self.path(name)).toString())

    def exists(self, name: str) -> bool:
        return bool(self.fs(name).exists(self.path(name)))

    def delete(self, name: str) -> None:
        self.fs(name).delete(self.path(name), True)

    def glob(self, name: str) -> list[Any]:
        found = self.fs(name).globStatus(self.path(name))
        return list(found) if found is not None else []

    def write(self, name: str, data: bytes) -> None:
        stream = self.fs(name).create(self.path(name), True)
        try:
            if data:
                stream.write(bytearray(data))
        finally:
            stream.close()


def resolve(fs: FileSystem, inputs: Sequence[str],
             ) -> tuple[list[Argument], list[tuple[str, str]]]:
    """Each INPUT argument's kind, or why it names nothing."""
    args, missing = [], []
    for index, written in enumerate(inputs):
        try:
            found = fs.glob(written)
        except Exception as err:  # a filesystem Hadoop does not know, a bad URI
            text = str(err).strip().splitlines()
            missing.append((written, f"cannot list: {text[0][:200] if text else err}"))
            continue
        if not found:
            missing.append((written, "no files match this pattern" if is_glob(written)
                            else "no such file or directory"))
            continue
        if written.rstrip("/").endswith(PARQUET):
            args.append(Argument(index, written, "parquet", fs.qualified(written)))
        elif is_glob(written):
            prefix, depth = split_glob(written)
            args.append(Argument(index, written, "glob", fs.qualified(prefix or "."),
                                 prefix, depth))
        elif found[0].isDirectory():
            args.append(Argument(index, written, "folder", fs.qualified(written)))
        else:
            args.append(Argument(index, written, "file", fs.qualified(written)))
    return args, missing


def read(spark: SparkSession, args: list[Argument], parts: int) -> DataFrame:
    """One row per article or unreadable input, read on the executors."""
    from pyspark.sql import functions as F

    root = str(Path.cwd().resolve())
    settings = IngestSettings()
    frames = []
    files = [a for a in args if a.kind == "file"]
    for arg in [a for a in args if a.kind in ("folder", "glob")]:
        frames.append(spark.read.format("binaryFile").option("recursiveFileLookup", "true")
                      .load(arg.written).select("path", "content",
                                                F.lit(arg.index).alias("arg")))
    if files:
        frames.append(spark.read.format("binaryFile").load([a.written for a in files])
                      .select("path", "content", F.lit(-1).alias("arg")))
    read = partial(_read_files, args=args, root=root, settings=settings)
    out = [f.mapInArrow(read, RECORDS_SCHEMA) for f in frames]
    for arg in [a for a in args if a.kind == "parquet"]:
        table = spark.read.option("recursiveFileLookup", "true").parquet(arg.written)
        fields = [c for c in ("text", "title", "url", "date", "source")
                  if c in table.columns]
        if "text" not in table.columns:
            raise InputError(arg.written, "a Parquet input needs a 'text' column "
                             f"(it has {', '.join(table.columns[:10])})")
        rows = table.select(*[F.col(c).cast("string").alias(c) for c in fields],
                            F.col("_metadata.file_path").alias("file"),
                            F.col("_metadata.row_index").alias("row"))
        out.append(rows.mapInArrow(partial(_read_parquet, arg=arg, root=root),
                                   RECORDS_SCHEMA))
    frame = out[0]
    for more in out[1:]:
        frame = frame.unionByName(more)
    return frame


def _read_files(batches: Any, args: list[Argument], root: str,
                settings: IngestSettings) -> Any:
    from urllib.parse import unquote

    from corpus_cli.spark.inputs import read_file, wanted

    by_index = {a.index: a for a in args}
    by_uri = {unquote(a.base): a for a in args if a.kind == "file"}
    names = tasks.arrow_schema(RECORDS_SCHEMA).names
    for batch in batches:
        rows = []
        for uri, data, index in zip(batch.column("path").to_pylist(),
                                    batch.column("content").to_pylist(),
                                    batch.column("arg").to_pylist(), strict=True):
            arg = by_index.get(index) if index >= 0 else by_uri.get(unquote(uri))
            if arg is None or not wanted(uri, arg):
                continue
            try:
                rows += list(read_file(uri, data, arg, root, settings))
            except Exception as err:  # a reader's bug must not stop the job: counted
                from corpus_cli.spark.inputs import error_row, place

                name, order = place(uri, arg)
                rows.append(error_row(InputError(name, f"cannot read: {type(err).__name__}:"
                                                       f" {err}"), order))
        if rows:
            yield tasks.record_batch(rows, names, RECORDS_SCHEMA)


def _read_parquet(batches: Any, arg: Argument, root: str) -> Any:
    from corpus_cli.spark.inputs import parquet_row

    names = tasks.arrow_schema(RECORDS_SCHEMA).names
    for batch in batches:
        columns = batch.schema.names
        rows = [parquet_row(row["file"], row["row"], row, arg, root)
                for row in batch.to_pylist()]
        del columns
        if rows:
            yield tasks.record_batch(rows, names, RECORDS_SCHEMA)

"""The ``ipco`` command: parses arguments, calls the stages, prints, and picks the exit code.

This is the only module that prints. Every user error is an ``IpcoError`` rendered once, with a
hint, and never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pyoxigraph as ox

from ipco.atomic import write_file
from ipco.build import DataDoesNotConform, build
from ipco.cli_endpoint import endpoint_data, reason_at_endpoint, validate_at_endpoint
from ipco.cli_parser import build_parser
from ipco.diff import diff_releases
from ipco.diff_release import read_release
from ipco.diff_report import DIFF_RENDERERS, insert_entry, render_markdown
from ipco.errors import (
    FileAccessError,
    InputNotFound,
    IpcoError,
    LoadError,
    NothingToValidate,
    NotInCheckout,
    UsageError,
)
from ipco.exitcodes import ExitCode
from ipco.export import EXPORTERS, CanonicalGraph
from ipco.gc_pause import cyclic_gc_paused
from ipco.load import Streamed, load
from ipco.process_exit import retain
from ipco.progress import SILENT, Progress, StderrProgress
from ipco.project import INFERRED_GRAPH, Project, load_reference
from ipco.query import (
    MAX_QUERY_TIMEOUT,
    answer_within,
    check_query,
    dataset_graphs_of,
    open_release,
    refuse_outside_graphs,
    render_answer,
    result_format_for,
    store_of,
)
from ipco.query_input import read_query
from ipco.render import RENDERERS, RenderOptions, rendered
from ipco.report import Severity, ValidationReport
from ipco.serve import (
    make_server,
    serve,
)
from ipco.syntaxes import NTRIPLES, SYNTAXES, RdfSyntax, syntax_named
from ipco.validate import validate_loaded

if TYPE_CHECKING:
    from ipco.instore.spool import SpooledReport

ISSUES = "https://github.com/ipco/ipco/issues"
DEBUG_VARIABLE = "IPCO_DEBUG"
INFERRED = ox.NamedNode(INFERRED_GRAPH)


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run ``ipco`` with ``argv``; returns the exit code instead of exiting.

    The one error path: whatever happens, the user gets a message and the exit code the README
    promises, never a traceback (unless ``IPCO_DEBUG=1``) and never 1 for a crash, since 1 is a verdict.
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    debug = bool(os.environ.get(DEBUG_VARIABLE))
    try:
        with _libraries_silenced(unless=debug):
            return _run(argv, out, err)
    except KeyboardInterrupt:
        err.write("ipco: interrupted\n")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:  # `ipco … | head`: the reader has what it wanted
        _detach_stdout(out)
        return ExitCode.PIPE_CLOSED
    except Exception as error:  # the last resort: a bug in IPCO or in a library it calls
        if debug:
            err.write(traceback.format_exc())
        summary = (str(error).strip().splitlines() or [""])[0][:200]
        err.write(f"ipco: internal error: {type(error).__name__}: {summary}\n")
        err.write(f"  hint: this is a bug; please report it at {ISSUES} ({DEBUG_VARIABLE}=1 shows the traceback)\n")
        return ExitCode.INTERNAL_ERROR


def _run(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help and --version print, then exit 0
        return int(stop.code or 0)
    except UsageError as error:
        _print_error(error, err)
        return int(error.exit_code)
    for note in getattr(args, "deprecations", []):
        err.write(f"ipco: warning: {note}\n")
    progress: Progress = SILENT if args.quiet else StderrProgress(err)
    try:
        code: int = HANDLERS[args.command](args, out, err, progress)
        return code
    except DataDoesNotConform as failure:
        out.write(RENDERERS["text"](failure.report, RenderOptions()))
        _print_error(failure, err)
        return int(failure.exit_code)
    except IpcoError as error:
        _print_error(error, err)
        return int(error.exit_code)
    except BrokenPipeError:  # not a refused write: main ends quietly
        raise
    except OSError as error:  # a refused read or write the stages did not name themselves
        place = f"{error.filename}: " if error.filename else ""
        refused = FileAccessError(f"{place}{error.strerror or error}", hint="check the path and its permissions")
        _print_error(refused, err)
        return int(refused.exit_code)


@contextmanager
def _libraries_silenced(*, unless: bool) -> Iterator[None]:
    """Library warnings and log records (rdflib, pySHACL, owlrl) are not messages for IPCO's users:
    IPCO reports what matters itself. ``IPCO_DEBUG=1`` lets them through."""
    if unless:
        yield
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.disable(logging.CRITICAL)
        try:
            yield
        finally:
            logging.disable(logging.NOTSET)


def _detach_stdout(out: TextIO) -> None:
    """Point the closed standard output at /dev/null, so that Python's flush at exit stays quiet."""
    if out is not sys.stdout:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _print_error(error: IpcoError, err: TextIO) -> None:
    if isinstance(error, LoadError):
        err.write(f"{error.render()}\n")
    else:
        err.write(f"ipco: error[{error.code}]: {error.message}\n")
    if error.hint:
        err.write(f"  hint: {error.hint}\n")


# -- commands -------------------------------------------------------------------------------------


def _build(args: argparse.Namespace, out: TextIO, err: TextIO, progress: Progress) -> int:
    project = Project.checkout(Path(args.root))
    summary = build(project, Path(args.out), progress=progress)
    warnings = [r for r in summary.report.results if r.severity < Severity.VIOLATION]
    if warnings:
        out.write(RENDERERS["text"](ValidationReport(warnings), RenderOptions()))
    total = sum(summary.file_sizes.values())
    counts = ", ".join(f"{n} {part}" for part, n in summary.triple_counts.items())
    out.write(f"built {len(summary.file_sizes)} files ({total} bytes) into {args.out}: triples {counts}\n")
    return ExitCode.OK


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO, progress: Progress) -> int:
    if args.endpoint and args.paths:
        raise UsageError("give either PATHs or --endpoint, not both")
    if (args.graph or args.auth_env) and not args.endpoint:
        raise UsageError("--graph and --auth-env read from an endpoint: pass --endpoint URL too")
    if (args.iterate_rules or args.rules_output) and not args.rules:
        raise UsageError("--iterate-rules and --rules-output go with --rules")
    if args.rules_output and (args.engine == "reference" or args.inference != "none"):
        raise UsageError("--rules-output needs the fast engine: no --engine reference, no --inference")
    if args.ipco_shapes is False and not args.shapes:
        raise NothingToValidate(
            "--no-ipco-shapes without --shapes: no shape to validate against",
            hint="give your shapes with --shapes PATH",
        )
    if args.download and not args.endpoint:
        raise UsageError("--download reads from an endpoint: pass --endpoint URL too")
    syntax = _syntax(args.format)
    project = Project.checkout(Path(args.root)) if args.root else Project.bundled()
    with progress.stage("loading"):
        reference = load_reference(project)
        extra = load(args.shapes) if args.shapes else None
        ontology = load(args.ontology) if args.ontology else None
    if args.endpoint and not args.download and args.engine == "fast" and args.inference == "none":
        from ipco.instore.validate import NeedsDownload

        try:
            with progress.stage("validating in the store"):
                spooled = validate_at_endpoint(args, reference, extra, ontology)
            with contextlib.closing(spooled.spool):  # its temporary file goes with it
                return _render_validation(args, out, spooled)
        except NeedsDownload as error:
            err.write(f"ipco: {error.message}; validating a download of the graphs instead\n")
    # The fast engine's run makes no reference cycles: the cyclic collector stays off from the data's
    # loading to the report, rather than walk the million quads again at the end of each stage.
    with cyclic_gc_paused() if args.engine == "fast" and args.inference == "none" else contextlib.nullcontext():
        with progress.stage("loading"):
            paths = args.paths or ([] if args.endpoint else _project_data(args))
            fast = args.engine == "fast" and args.inference == "none"
            data = endpoint_data(args) if args.endpoint else load(paths, syntax=syntax, fill=fast)
        retain(data, frozen=True)  # a million quads: freed by the process exit
        if not data.files:  # an endpoint without data graphs is refused by read_graphs
            given = " ".join(paths) or "the checkout's data/"
            raise NothingToValidate(
                f"{given}: no RDF file to validate",
                hint=f"check the path; RDF files end in {' '.join(e for s in SYNTAXES for e in s.extensions)}",
            )
        if args.inference == "owlrl":
            from ipco.explain import reason_checked

            with progress.stage("checking consistency"):
                reason_checked(reference, data)
        with progress.stage("validating"):
            report = validate_loaded(
                data,
                reference,
                extra_shapes=extra,
                ipco_shapes=args.ipco_shapes,
                ontology=ontology,
                inference=args.inference,
                engine=args.engine,
                rules=args.rules,
                iterate_rules=args.iterate_rules,
            )
        if args.rules_output:
            write_file(Path(args.rules_output), "".join(sorted(f"{triple} .\n" for triple in report.inferred)).encode())
        return _render_validation(args, out, report)


def _render_validation(args: argparse.Namespace, out: TextIO, report: ValidationReport | SpooledReport) -> int:
    """Each report written in pieces (``STREAMS``): a spooled report's results are never all in
    memory, nor is its text; a file is still written whole or not at all (``write_file``)."""
    fail_on = Severity.parse(args.fail_on)
    shown = report.limited(args.max_results) if args.max_results is not None else report  # the verdict stays whole
    options = RenderOptions(lang=args.lang, fail_on=fail_on, color=_colour(out))
    for name, target in args.outputs or [["text", None]]:
        pieces = rendered(name, shown, RenderOptions(options.lang, fail_on, target is None and options.color))
        if target is None or target == "-":
            out.writelines(pieces)
        else:
            write_file(Path(target), (piece.encode() for piece in pieces))
    return ExitCode.OK if report.conforms(fail_on) else ExitCode.NOT_CONFORMING


def _report(args: argparse.Namespace, out: TextIO, err: TextIO, progress: Progress) -> int:
    from ipco.quality.report import ontology_report, severity_named

    project = Project.checkout(Path(args.root))
    with progress.stage("loading"):
        reference = load_reference(project)
    with progress.stage("checking"):
        report = ontology_report(project, reference, Path(args.profile) if args.profile else None)
    fail_on = severity_named(args.fail_on)
    for name, target in args.outputs or [["text", None]]:
        rendered = RENDERERS[name](report, RenderOptions(args.lang, fail_on, target is None and _colour(out)))
        if target is None or target == "-":
            out.write(rendered)
        else:
            write_file(Path(target), rendered.encode())
    return ExitCode.OK if report.conforms(fail_on) else ExitCode.NOT_CONFORMING


def _measure(args: argparse.Namespace, out: TextIO, err: TextIO, progress: Progress) -> int:
    from ipco.quality.measure import measure

    with progress.stage("loading"):
        if args.path:
            quads = load([args.path], syntax=_syntax(args.format)).quads
        else:
            quads = Project.checkout(Path(args.root)).load_ontology()[0].quads
    measures = measure(quad.triple for quad in quads)
    out.write(measures.as_json() if args.output_format == "json" else measures.as_text())
    return ExitCode.OK


def _project_data(args: argparse.Namespace) -> list[str]:
    """Without PATHs, ``validate`` checks the data of the checkout it runs in."""
    try:
        project = Project.checkout(Path(args.root or "."))
    except NotInCheckout:
        raise UsageError(
            "no PATH given, and this folder is not an IPCO checkout", hint="name the files or folders to validate"
        ) from None
    return [str(path) for path in project.data_files()]


def _reason(args: argparse.Namespace, out: TextIO, err: TextIO, progress: Progress) -> int:
    from ipco.build import infer_triples

    project = Project.checkout(Path(args.root)) if not args.paths else Project.bundled()
    if args.endpoint or args.into or args.graph or args.auth_env or args.update_endpoint:
        return reason_at_endpoint(args, out, project, progress)
    with progress.stage("loading"):
        reference = load_reference(project)
        # Files are parsed as the reasoner reads them: a million quads take 0.5 GB, never needed again.
        data = Streamed(args.paths, _syntax(args.format)) if args.paths else project.load_data()
    with progress.stage("reasoning"):
        inferred = CanonicalGraph(infer_triples(reference, data, engine=args.engine), INFERRED)
    exporter = EXPORTERS[syntax_named(args.output_format).name]
    # N-Triples is the sorted lines themselves: no second serialisation of a million triples, and
    # written in pieces, not joined into one more copy of them.
    rendered = (
        inferred.n_triples_chunks()
        if exporter.syntax == NTRIPLES
        else [exporter.serialize_graph(inferred.triples, INFERRED)]
    )
    if args.output:
        write_file(Path(args.output), rendered)
    else:
        for piece in rendered:
            out.write(piece.decode())
    retain(reference, data, inferred)
    return ExitCode.OK


def _explain(args: argparse.Namespace, out: TextIO, err: TextIO, progress: Progress) -> int:
    import json

    from ipco.explain import Explainer, NotEntailed, asserted_of, parse_target, render_text, to_json

    target = parse_target(args.target)
    project = Project.checkout(Path(args.root)) if not args.paths else Project.bundled()
    with progress.stage("loading"):
        reference = load_reference(project)
        data = load(args.paths, syntax=_syntax(args.format)) if args.paths else project.load_data()
    with progress.stage("explaining"):
        explainer = Explainer(asserted_of(reference, data), reference.imports)
        triples = explainer.about(target) if isinstance(target, ox.NamedNode) else [target]
        trees = [(t, explainer.explain(t)) for t in triples]
    missing = [t for t, tree in trees if tree is None]
    if missing:
        raise NotEntailed(missing[0])
    if args.output_format == "json":
        out.write(json.dumps([to_json(tree) for _, tree in trees if tree], indent=2, ensure_ascii=False) + "\n")
    else:
        for triple, tree in trees:
            out.write("\n".join(render_text(tree, triple)) + "\n")
        if not trees:
            out.write(f"nothing is inferred about {args.target}\n")
    return ExitCode.OK


def _query(args: argparse.Namespace, out: TextIO, err: TextIO, progress: Progress) -> int:
    if not 0 < args.timeout <= MAX_QUERY_TIMEOUT:  # also refuses nan
        raise UsageError(f"--timeout must be a number of seconds above 0 and at most {MAX_QUERY_TIMEOUT:g}")
    query = read_query(args.query)
    result_format = result_format_for(check_query(query, timeout=args.timeout), args.result_format)
    with progress.stage("loading"):
        store = (
            store_of(load(args.paths, syntax=_syntax(args.format))) if args.paths else open_release(Path(args.release))
        )
    refuse_outside_graphs(query, dataset_graphs_of(store))
    with progress.stage("querying"):
        answer = answer_within(store, query, timeout=args.timeout)
    out.write(render_answer(answer, result_format))
    return ExitCode.OK


def _serve(args: argparse.Namespace, out: TextIO, err: TextIO, progress: Progress) -> int:
    with progress.stage("loading the release and starting the query workers"):
        server = make_server(
            Path(args.release),
            host=args.host,
            port=args.port,
            timeout=args.timeout,
            max_results=args.max_results,
            workers=args.workers,
            max_connections=args.max_connections,
            read_timeout=args.read_timeout,
            cache_mib=args.cache,
            log=None if args.quiet else err,
        )
    out.write(f"serving {args.release} at {server.url} (SPARQL endpoint: {server.url}sparql); Ctrl-C stops\n")
    out.flush()
    serve(server)
    return ExitCode.OK


def _push(args: argparse.Namespace, out: TextIO, err: TextIO, progress: Progress) -> int:
    from ipco.push import PushedGraph, push
    from ipco.remote import basic_auth

    def report(graph: PushedGraph) -> None:
        out.write(f"PUT <{graph.graph}>: {graph.triples} triples, {graph.status} {graph.reason}\n")

    with progress.stage("pushing"):
        pushed = push(Path(args.release), args.endpoint, authorization=basic_auth(args.auth_env), on_graph=report)
    out.write(f"pushed {len(pushed)} graphs ({sum(g.triples for g in pushed)} triples) to {args.endpoint}\n")
    return ExitCode.OK


def _diff(args: argparse.Namespace, out: TextIO, err: TextIO, progress: Progress) -> int:
    with progress.stage("loading"):
        old, new = read_release(Path(args.old)), read_release(Path(args.new))
    with progress.stage("comparing"):
        result = diff_releases(old, new)
    if args.changelog:
        changelog = Path(args.changelog)
        if not changelog.is_file():
            raise InputNotFound(
                f"{changelog}: no such file", hint="--changelog adds an entry to an existing CHANGELOG.md"
            )
        if result.differs:
            text = changelog.read_text(encoding="utf-8")
            write_file(changelog, insert_entry(text, render_markdown(result), source=str(changelog)).encode())
        else:
            err.write(f"ipco: the releases do not differ; {changelog} left unchanged\n")
    rendered = DIFF_RENDERERS[args.format](result)
    if args.output and args.output != "-":
        write_file(Path(args.output), rendered.encode())
    else:
        out.write(rendered)
    return ExitCode.DIFFERS if result.differs else ExitCode.OK


def _syntax(name: str | None) -> RdfSyntax | None:
    return syntax_named(name) if name else None


def _colour(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


HANDLERS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO, Progress], int]] = {
    "build": _build,
    "validate": _validate,
    "report": _report,
    "measure": _measure,
    "reason": _reason,
    "explain": _explain,
    "query": _query,
    "serve": _serve,
    "push": _push,
    "diff": _diff,
}

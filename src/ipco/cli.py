"""The ``ipco`` command: parses arguments, calls the stages, prints, and picks the exit code.

This is the only module that prints. Every user error is an ``IpcoError`` rendered once, with a
hint, and never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import pyoxigraph as ox

from ipco import __version__
from ipco.atomic import write_file
from ipco.build import DataDoesNotConform, build
from ipco.diff import diff_releases, read_release
from ipco.diff_report import DIFF_RENDERERS, insert_entry, render_markdown
from ipco.errors import InputNotFound, IpcoError, LoadError, NotInCheckout, UsageError
from ipco.exitcodes import DIFF_EXIT_CODES_HELP, EXIT_CODES_HELP, ExitCode
from ipco.export import EXPORTERS, canonical
from ipco.load import Loaded, load
from ipco.progress import SILENT, Progress, StderrProgress
from ipco.project import Project, load_reference
from ipco.query import RESULT_FORMATS, open_release, render_answer, run_query, store_of
from ipco.render import RENDERERS, RenderOptions
from ipco.report import Severity, ValidationReport
from ipco.serve import DEFAULT_MAX_RESULTS, DEFAULT_TIMEOUT, DEFAULT_WORKERS, make_server, serve
from ipco.syntaxes import RdfSyntax, syntax_named
from ipco.validate import ENGINE_CHOICES, INFERENCE_CHOICES, validate_loaded


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run ``ipco`` with ``argv``; returns the exit code instead of exiting."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse exits 2 on usage errors and 0 on --help
        return int(stop.code or 0)
    progress: Progress = SILENT if args.quiet else StderrProgress(err)
    try:
        code: int = args.handler(args, out, err, progress)
        return code
    except DataDoesNotConform as failure:
        out.write(RENDERERS["text"](failure.report, RenderOptions()))
        _print_error(failure, err)
        return int(failure.exit_code)
    except IpcoError as error:
        _print_error(error, err)
        return int(error.exit_code)
    except KeyboardInterrupt:
        err.write("ipco: interrupted\n")
        return 130


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
    syntax = _syntax(args.format)
    project = Project.checkout(Path(args.root)) if args.root else Project.bundled()
    with progress.stage("loading"):
        reference = load_reference(project)
        data = _endpoint_data(args) if args.endpoint else load(args.paths or _project_data(args), syntax=syntax)
        extra = load(args.shapes) if args.shapes else None
    if args.inference == "owlrl":
        from ipco.explain import reason_checked

        with progress.stage("checking consistency"):
            reason_checked(reference, data)
    with progress.stage("validating"):
        report = validate_loaded(
            data,
            reference,
            extra_shapes=extra,
            ipco_shapes=not args.no_ipco_shapes,
            inference=args.inference,
            engine=args.engine,
        )
    fail_on = Severity.parse(args.fail_on)
    shown = report.limited(args.max_results) if args.max_results is not None else report
    options = RenderOptions(lang=args.lang, fail_on=fail_on, color=_colour(out))
    for name, target in args.outputs or [["text", None]]:
        rendered = RENDERERS[name](shown, RenderOptions(options.lang, fail_on, target is None and options.color))
        if target is None or target == "-":
            out.write(rendered)
        else:
            write_file(Path(target), rendered.encode())
    return ExitCode.OK if report.conforms(fail_on) else ExitCode.NOT_CONFORMING


def _endpoint_data(args: argparse.Namespace) -> Loaded:
    """``validate --endpoint``: the data graphs read from a SPARQL endpoint instead of files."""
    from ipco.remote import basic_auth, check_endpoint, read_graphs

    return read_graphs(check_endpoint(args.endpoint), args.graph, basic_auth(args.auth_env))


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
    from ipco.build import infer

    project = Project.checkout(Path(args.root)) if not args.paths else Project.bundled()
    with progress.stage("loading"):
        reference = load_reference(project)
        data = load(args.paths, syntax=_syntax(args.format)) if args.paths else project.load_data()
    with progress.stage("reasoning"):
        inferred = canonical(infer(reference, data, engine=args.engine))
    exporter = EXPORTERS[syntax_named(args.output_format).name]
    rendered = exporter.serialize(inferred)
    if args.output:
        write_file(Path(args.output), rendered)
    else:
        out.write(rendered.decode())
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
    text, source = _query_text(args.query)
    with progress.stage("loading"):
        store = (
            store_of(load(args.paths, syntax=_syntax(args.format))) if args.paths else open_release(Path(args.release))
        )
    with progress.stage("querying"):
        answer = run_query(store, text, source=source)
    out.write(render_answer(answer, args.result_format))
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


def _query_text(argument: str) -> tuple[str, str]:
    """A query given inline or as a file name (anything that is an existing file)."""
    path = Path(argument)
    if len(argument) < 4096 and "\n" not in argument and path.is_file():
        return path.read_text(encoding="utf-8"), str(path)
    return argument, "<query>"


def _syntax(name: str | None) -> RdfSyntax | None:
    return syntax_named(name) if name else None


def _colour(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


# -- argument parsing -----------------------------------------------------------------------------


class _OutputFormat(argparse.Action):
    """``--output-format F`` opens a new output; a following ``--output PATH`` sends it to a file."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: str | None = None
    ) -> None:
        outputs = getattr(namespace, "outputs", None) or []
        if option in ("-o", "--output"):
            if not outputs or outputs[-1][1] is not None:
                outputs.append(["text", values])
            else:
                outputs[-1][1] = values
        else:
            outputs.append([values, None])
        namespace.outputs = outputs


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ipco",
        description="IPCO: build, validate, reason over and query the Intelligence and Police Cooperation Ontology.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"ipco {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="no progress messages on stderr")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            parents=[common],
            epilog=EXIT_CODES_HELP,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        return sub

    b = command("build", "Build the release: load, validate, reason and export into dist/.")
    b.add_argument("--root", default=".", help="root of the IPCO checkout (default: .)")
    b.add_argument("--out", default="dist", help="release folder, replaced atomically (default: dist)")
    b.set_defaults(handler=_build)

    v = command("validate", "Validate RDF files against IPCO's SHACL shapes (and your own).")
    v.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files, folders (recursive) or - for stdin; default: the checkout's data/",
    )
    v.add_argument("--format", help="RDF syntax of the inputs (default: from each file's extension)")
    v.add_argument("--shapes", action="append", default=[], metavar="PATH", help="more shapes (repeatable)")
    v.add_argument("--no-ipco-shapes", action="store_true", help="apply only the shapes given with --shapes")
    v.add_argument(
        "--inference", choices=INFERENCE_CHOICES, default="none", help="entailment before validation (default: none)"
    )
    v.add_argument(
        "--output-format",
        dest="outputs",
        action=_OutputFormat,
        choices=sorted(RENDERERS),
        metavar="FORMAT",
        help=f"report format, repeatable: {', '.join(sorted(RENDERERS))} (default: text)",
    )
    v.add_argument(
        "-o",
        "--output",
        dest="outputs",
        action=_OutputFormat,
        metavar="PATH",
        help="write the preceding --output-format to PATH",
    )
    v.add_argument(
        "--fail-on",
        choices=("violation", "warning", "info"),
        default="violation",
        help="lowest severity that fails (default: violation)",
    )
    v.add_argument("--lang", choices=("en", "fr"), default="en", help="message language (default: en)")
    v.add_argument("--max-results", type=int, metavar="N", help="report at most N results")
    v.add_argument("--root", help="validate against the ontology and shapes of this checkout")
    v.add_argument(
        "--engine",
        choices=ENGINE_CHOICES,
        default="fast",
        help="fast: SHACL compiled to SPARQL on pyoxigraph; reference: pySHACL (default: fast)",
    )
    v.add_argument("--endpoint", metavar="URL", help="validate the data graphs read from this SPARQL endpoint")
    v.add_argument(
        "--graph", action="append", metavar="IRI", help="with --endpoint: this graph (repeatable; default: IPCO's data)"
    )
    v.add_argument("--auth-env", metavar="VAR", help="with --endpoint: environment variable holding user:password")
    v.set_defaults(handler=_validate, outputs=None)

    r = command("reason", "Print the OWL 2 RL entailments (new triples only) of the project's data or of PATHs.")
    r.add_argument("paths", nargs="*", metavar="PATH", help="data files or folders; default: the checkout's data/")
    r.add_argument("--format", help="RDF syntax of the inputs (default: from each file's extension)")
    r.add_argument("--root", default=".", help="root of the IPCO checkout (default: .)")
    r.add_argument("--output-format", default="turtle", help="syntax of the output (default: turtle)")
    r.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    r.add_argument(
        "--engine",
        choices=ENGINE_CHOICES,
        default="fast",
        help="fast: reasonable (Rust) completed to owlrl's rules; reference: owlrl (default: fast)",
    )
    r.set_defaults(handler=_reason)

    e = command("explain", "Why a triple is inferred (or all inferred about an IRI), down to asserted triples.")
    e.add_argument("target", metavar="TRIPLE|IRI", help='"<s> <p> <o>", "ipcoid:x a ipco:Event", or an IRI')
    e.add_argument("paths", nargs="*", metavar="PATH", help="data files or folders; default: the checkout's data/")
    e.add_argument("--format", help="RDF syntax of the inputs (default: from each file's extension)")
    e.add_argument("--root", default=".", help="root of the IPCO checkout (default: .)")
    e.add_argument("--output-format", choices=["text", "json"], default="text", help="(default: text)")
    e.set_defaults(handler=_explain)

    q = command("query", "Run a SPARQL query over the built release (or over PATHs).")
    q.add_argument("query", metavar="QUERY|FILE", help="the query text, or a file holding it")
    q.add_argument("paths", nargs="*", metavar="PATH", help="query these files instead of the release")
    q.add_argument("--release", default="dist", help="built release folder (default: dist)")
    q.add_argument(
        "--format", dest="result_format", choices=RESULT_FORMATS, default="table", help="result format (default: table)"
    )
    q.add_argument("--input-format", dest="format", help="RDF syntax of PATHs (default: from extension)")
    q.set_defaults(handler=_query)

    s = command("serve", "Serve the release: SPARQL endpoint, dereferenceable IRIs, site and downloads.")
    s.add_argument("--release", default="dist", help="built release folder (default: dist)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port to listen on; 0 picks a free one (default: 8000)")
    s.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help="query time limit in seconds (default: %(default)s)",
    )
    s.add_argument(
        "--max-results", type=int, default=DEFAULT_MAX_RESULTS, metavar="N", help="result cap (default: %(default)s)"
    )
    s.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, metavar="N", help="query processes (default: %(default)s)"
    )
    s.set_defaults(handler=_serve)

    p = command("push", "Load the release into a triplestore with the SPARQL 1.1 Graph Store Protocol.")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the store's Graph Store Protocol URL")
    p.add_argument("--release", default="dist", help="built release folder (default: dist)")
    p.add_argument("--auth-env", metavar="VAR", help="environment variable holding user:password (basic auth)")
    p.set_defaults(handler=_push)

    d = command("diff", "Compare two releases: what changed, and is it major, minor or patch for importers?")
    d.epilog = DIFF_EXIT_CODES_HELP
    d.add_argument(
        "old", metavar="OLD", help="the earlier release: a folder holding ipco.nq or ipco.trig, or an RDF file"
    )
    d.add_argument("new", metavar="NEW", help="the later release, in the same forms")
    d.add_argument("--format", choices=sorted(DIFF_RENDERERS), default="text", help="report format (default: text)")
    d.add_argument("-o", "--output", metavar="PATH", help="write the report to PATH (atomically) instead of stdout")
    d.add_argument(
        "--changelog",
        metavar="PATH",
        help="insert the markdown entry into this Keep a Changelog file, before its latest release",
    )
    d.set_defaults(handler=_diff)
    return parser


def main_exit() -> None:
    """Console-script entry point: exit with ``main``'s code."""
    raise SystemExit(main())

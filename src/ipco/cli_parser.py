"""The ``ipco`` command line's arguments: one subcommand each for the pipeline's stages and tools.

Kept apart from ``cli.py`` so that what a user can type reads in one place; ``cli.py`` maps each
command name to the function that runs it.
"""

from __future__ import annotations

import argparse

from ipco import __version__
from ipco.cli_options import (
    OutputFormatAction,
    Parser,
    at_least_one,
    at_least_zero,
    deprecated_alias,
    input_format,
    syntax_name,
)
from ipco.diff_report import DIFF_RENDERERS
from ipco.exitcodes import exit_codes_help
from ipco.export import EXPORTERS
from ipco.query import GRAPH_FORMATS, QUERY_TIMEOUT, RESULT_FORMATS, TABLE_FORMATS
from ipco.render import RENDERERS
from ipco.serve import (
    DEFAULT_CACHE_MIB,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RESULTS,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
)
from ipco.validate import ENGINE_CHOICES, INFERENCE_CHOICES


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="ipco",
        description="IPCO: build, validate, reason over and query the Intelligence and Police Cooperation Ontology.",
        epilog=exit_codes_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"ipco {__version__}")
    common = Parser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="no progress messages on stderr")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            parents=[common],
            epilog=exit_codes_help(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        return sub

    b = command("build", "Build the release: load, validate, reason and export into dist/.")
    b.add_argument("--root", default=".", help="root of the IPCO checkout (default: .)")
    b.add_argument("--out", default="dist", help="release folder, replaced atomically (default: dist)")

    v = command("validate", "Validate RDF files against IPCO's SHACL shapes (and your own).")
    v.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files, folders (recursive) or - for stdin; default: the checkout's data/",
    )
    input_format(v)
    v.add_argument("--shapes", action="append", default=[], metavar="PATH", help="more shapes (repeatable)")
    which = v.add_mutually_exclusive_group()
    which.add_argument(
        "--ipco-shapes",
        action="store_true",
        default=None,
        help="with --shapes: apply IPCO's shapes too (default: only when the data uses IPCO's terms)",
    )
    which.add_argument(
        "--no-ipco-shapes", dest="ipco_shapes", action="store_false", help="apply only the shapes given with --shapes"
    )
    v.add_argument(
        "--ontology",
        action="append",
        default=[],
        metavar="PATH",
        help="ontology for the class hierarchy of targets and sh:class, not validated (repeatable)",
    )
    v.add_argument(
        "--inference", choices=INFERENCE_CHOICES, default="none", help="entailment before validation (default: none)"
    )
    v.add_argument(
        "--output-format",
        dest="outputs",
        action=OutputFormatAction,
        choices=sorted(RENDERERS),
        help="report format, repeatable (default: text)",
    )
    v.add_argument(
        "-o",
        "--output",
        dest="outputs",
        action=OutputFormatAction,
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
    v.add_argument(
        "--max-results",
        type=at_least_one,
        metavar="N",
        help="print at most N results, the most severe first; the verdict and counts still cover all",
    )
    v.add_argument("--root", help="validate against the ontology and shapes of this checkout")
    v.add_argument(
        "--engine",
        choices=ENGINE_CHOICES,
        default="fast",
        help="fast: SHACL compiled to SPARQL on pyoxigraph; reference: pySHACL (default: fast)",
    )
    v.add_argument(
        "--rules",
        action="store_true",
        help="apply the shapes' SHACL-AF rules (sh:rule) to the data before validating, as pyshacl -a",
    )
    v.add_argument(
        "--iterate-rules",
        action="store_true",
        help="with --rules: repeat each shape's rules until they infer nothing new (pyshacl --iterate-rules)",
    )
    v.add_argument(
        "--rules-output", metavar="PATH", help="with --rules: write the inferred triples to PATH (N-Triples)"
    )
    v.add_argument(
        "--endpoint", metavar="URL", help="validate the data graphs of this SPARQL endpoint, inside the store"
    )
    v.add_argument(
        "--download", action="store_true", help="with --endpoint: read the graphs and validate locally instead"
    )
    v.add_argument(
        "--query-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="with --endpoint: the longest wait for one query's answer (default: 60)",
    )
    v.add_argument(
        "--graph", action="append", metavar="IRI", help="with --endpoint: this graph (repeatable; default: IPCO's data)"
    )
    v.add_argument("--auth-env", metavar="VAR", help="with --endpoint: environment variable holding user:password")
    v.set_defaults(outputs=None)

    rep = command("report", "Check the ontology's quality (robot report's checks and IPCO's): queries/report/*.rq.")
    rep.add_argument("--root", default=".", help="root of the IPCO checkout (default: .)")
    rep.add_argument("--profile", metavar="PATH", help="checks' severities (default: queries/report/profile.txt)")
    rep.add_argument(
        "--output-format",
        dest="outputs",
        action=OutputFormatAction,
        choices=sorted(RENDERERS),
        metavar="FORMAT",
        help=f"report format, repeatable: {', '.join(sorted(RENDERERS))} (default: text)",
    )
    rep.add_argument(
        "-o",
        "--output",
        dest="outputs",
        action=OutputFormatAction,
        metavar="PATH",
        help="write the preceding format to PATH",
    )
    rep.add_argument(
        "--fail-on",
        choices=("error", "warn", "info", "violation", "warning"),
        default="error",
        help="lowest severity that fails (default: error)",
    )
    rep.add_argument("--lang", choices=("en", "fr"), default="en", help="message language (default: en)")
    rep.set_defaults(outputs=None)

    m = command(
        "measure", "Count an ontology's entities, axioms by type, expressivity, imports and labels per language."
    )
    m.add_argument("path", nargs="?", metavar="PATH", help="an ontology file (default: the checkout's ontology/)")
    m.add_argument("--root", default=".", help="root of the IPCO checkout (default: .)")
    input_format(m, deprecated_format=False)
    m.add_argument("--output-format", choices=("text", "json"), default="text", help="what is written (default: text)")

    r = command("reason", "Print the OWL 2 RL entailments (new triples only) of the project's data or of PATHs.")
    r.add_argument("paths", nargs="*", metavar="PATH", help="data files or folders; default: the checkout's data/")
    input_format(r)
    r.add_argument("--root", default=".", help="root of the IPCO checkout (default: .)")
    r.add_argument(
        "--output-format",
        type=syntax_name,
        choices=sorted(EXPORTERS),
        default="turtle",
        help="syntax of the output (default: turtle)",
    )
    r.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    r.add_argument(
        "--engine",
        choices=ENGINE_CHOICES,
        default="fast",
        help="fast: reasonable (Rust) completed to owlrl's rules; reference: owlrl (default: fast)",
    )
    r.add_argument("--endpoint", metavar="URL", help="reason in this store (its SPARQL query URL), into --into")
    r.add_argument("--update-endpoint", metavar="URL", help="with --endpoint: its SPARQL Update URL (default: URL)")
    r.add_argument("--into", metavar="GRAPH", help="with --endpoint: the only graph written, the inferred triples")
    r.add_argument(
        "--graph", action="append", metavar="IRI", help="with --endpoint: a data graph (repeatable; default: IPCO's)"
    )
    r.add_argument("--auth-env", metavar="VAR", help="with --endpoint: environment variable holding user:password")

    e = command("explain", "Why a triple is inferred (or all inferred about an IRI), down to asserted triples.")
    e.add_argument("target", metavar="TRIPLE|IRI", help='"<s> <p> <o>", "ipcoid:x a ipco:Event", or an IRI')
    e.add_argument("paths", nargs="*", metavar="PATH", help="data files or folders; default: the checkout's data/")
    input_format(e)
    e.add_argument("--root", default=".", help="root of the IPCO checkout (default: .)")
    e.add_argument("--output-format", choices=["text", "json"], default="text", help="(default: text)")

    q = command("query", "Run a SPARQL query over the built release (or over PATHs).")
    q.add_argument("query", metavar="QUERY|FILE", help="the query text, or a file holding it")
    q.add_argument("paths", nargs="*", metavar="PATH", help="query these files instead of the release")
    q.add_argument("--release", default="dist", help="built release folder (default: dist)")
    q.add_argument(
        "--output-format",
        dest="result_format",
        choices=RESULT_FORMATS,
        help=f"SELECT and ASK: {', '.join(TABLE_FORMATS)} (default: table); "
        f"CONSTRUCT and DESCRIBE: {', '.join(GRAPH_FORMATS)} (default: turtle)",
    )
    q.add_argument(
        "--timeout",
        type=float,
        default=QUERY_TIMEOUT,
        metavar="S",
        help="stop the query after S seconds (default: %(default)g); Ctrl-C stops it at once",
    )
    deprecated_alias(q, "--format", "--output-format", dest="result_format", choices=RESULT_FORMATS)
    input_format(q, deprecated_format=False)

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
        "--max-results",
        type=at_least_one,
        default=DEFAULT_MAX_RESULTS,
        metavar="N",
        help="result cap (default: %(default)s)",
    )
    s.add_argument(
        "--workers",
        type=at_least_one,
        default=DEFAULT_WORKERS,
        metavar="N",
        help="query processes of the fast lane; the long lane has half as many (default: %(default)s)",
    )
    s.add_argument(
        "--max-connections",
        type=at_least_one,
        default=DEFAULT_MAX_CONNECTIONS,
        metavar="N",
        help="open connections past which requests get 503 (default: %(default)s)",
    )
    s.add_argument(
        "--read-timeout",
        type=float,
        default=DEFAULT_READ_TIMEOUT,
        metavar="S",
        help="seconds a client has to send a request's headers, and again its body (default: %(default)s)",
    )
    s.add_argument(
        "--cache",
        type=at_least_zero,
        default=DEFAULT_CACHE_MIB,
        metavar="MIB",
        help="memory for answers kept (query answers and IRI descriptions); 0 keeps none (default: %(default)s)",
    )

    p = command("push", "Load the release into a triplestore with the SPARQL 1.1 Graph Store Protocol.")
    p.add_argument("--endpoint", required=True, metavar="URL", help="the store's Graph Store Protocol URL")
    p.add_argument("--release", default="dist", help="built release folder (default: dist)")
    p.add_argument("--auth-env", metavar="VAR", help="environment variable holding user:password (basic auth)")

    d = command("diff", "Compare two releases: what changed, and is it major, minor or patch for importers?")
    d.add_argument(
        "old", metavar="OLD", help="the earlier release: a folder holding ipco.nq or ipco.trig, or an RDF file"
    )
    d.add_argument("new", metavar="NEW", help="the later release, in the same forms")
    d.add_argument(
        "--output-format",
        dest="format",
        choices=sorted(DIFF_RENDERERS),
        default="text",
        help="report format (default: text)",
    )
    deprecated_alias(d, "--format", "--output-format", dest="format", choices=sorted(DIFF_RENDERERS))
    d.add_argument("-o", "--output", metavar="PATH", help="write the report to PATH (atomically) instead of stdout")
    d.add_argument(
        "--changelog",
        metavar="PATH",
        help="insert the markdown entry into this Keep a Changelog file, before its latest release",
    )
    return parser

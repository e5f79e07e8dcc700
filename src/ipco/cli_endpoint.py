"""The commands' paths through a SPARQL endpoint (``validate --endpoint``, ``reason --endpoint
--into``), apart from ``cli`` so that each module reads in one sitting."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from ipco.errors import NotInCheckout, UsageError
from ipco.exitcodes import ExitCode
from ipco.instore.spool import SpooledReport
from ipco.load import Loaded
from ipco.progress import Progress
from ipco.project import Project, Reference, load_reference


def validate_at_endpoint(
    args: argparse.Namespace, reference: Reference, extra: Loaded | None, ontology: Loaded | None
) -> SpooledReport:
    """``validate --endpoint``: the compiled shapes run by the store (``ipco.instore``)."""
    from ipco.instore.client import Endpoint
    from ipco.instore.validate import validate_in_store
    from ipco.namespaces import graph_iri
    from ipco.remote import EndpointError, basic_auth, check_endpoint, data_graphs

    url, authorization = check_endpoint(args.endpoint), basic_auth(args.auth_env)
    graphs = args.graph or data_graphs(url, authorization)
    if not graphs:
        raise EndpointError(
            f"{url} holds no IPCO data graph",
            hint="push the release with `ipco push`, or name the graphs to validate with --graph",
        )
    endpoint = Endpoint(url, graphs, authorization, args.query_timeout)
    try:  # the files `ipco push` read the graphs from, to locate results at their lines
        sources = {graph_iri(path.stem): path for path in Project.checkout(Path(args.root or ".")).data_files()}
    except NotInCheckout:
        sources = {}
    return validate_in_store(
        endpoint, reference, extra_shapes=extra, ipco_shapes=args.ipco_shapes, ontology=ontology, sources=sources
    )


def endpoint_data(args: argparse.Namespace) -> Loaded:
    """``validate --endpoint``: the data graphs read from a SPARQL endpoint instead of files."""
    from ipco.remote import basic_auth, check_endpoint, read_graphs

    return read_graphs(check_endpoint(args.endpoint), args.graph, basic_auth(args.auth_env))


def reason_at_endpoint(args: argparse.Namespace, out: TextIO, project: Project, progress: Progress) -> int:
    """``reason --endpoint URL --into GRAPH``: the rules run in the store, only GRAPH written."""
    from ipco.engines.reason_instore import compile_reference, contradictions, reason_into
    from ipco.remote import basic_auth, check_endpoint, data_graphs

    if not (args.endpoint and args.into) or args.paths or args.output:
        raise UsageError("reasoning in a store needs --endpoint URL and --into GRAPH, and no PATH or --output")
    query_url = check_endpoint(args.endpoint)
    update_url = check_endpoint(args.update_endpoint or args.endpoint)
    authorization = basic_auth(args.auth_env)
    with progress.stage("compiling the ontology"):
        reference = load_reference(project)
        rules, checks = compile_reference(reference), compile_reference(reference, checks=True)
    graphs = args.graph or data_graphs(query_url, authorization)
    if not graphs:
        raise UsageError(f"{query_url}: no data graph to reason over", hint="name them with --graph IRI")
    with progress.stage("reasoning in the store"):
        rounds, size = reason_into(query_url, update_url, rules, args.into, graphs, authorization)
    out.write(f"{size} triples in <{args.into}> after {rounds} rounds over {len(graphs)} graphs\n")
    found = contradictions(query_url, checks, [*graphs, args.into], authorization)
    for rule, resource in found:
        out.write(f"inconsistent ({rule}): {resource}\n")
    return ExitCode.NOT_CONFORMING if found else ExitCode.OK

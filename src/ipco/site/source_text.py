"""The page of a source text: the text as published in ``sources/``, escaped, with an anchor at the
start of each line (``#L12``) and each quoted passage in a ``<mark>`` anchored by its offsets
(``#q-303-319``), so the quote shown with a fact links to the sentence in its place.

Passages may overlap, and marks must nest: a passage that crosses another is split into several
``<mark>``s, all with its ``data-q``, only the first with its ``id``. ``passage.js`` highlights every
piece of the passage the fragment names; without script, ``:target`` still highlights the first.
"""

from __future__ import annotations

import pyoxigraph as ox

from ipco.errors import IpcoError
from ipco.namespaces import DCTERMS, IPCO
from ipco.site.layout import PASSAGE_SCRIPT, Ctx, definition_list, esc, frame, passage_id
from ipco.site.model import Quote, SiteGraph

Span = tuple[int, int]


class EvidenceOutOfPlace(IpcoError):
    """A quote is not the text at its offsets: its link would highlight the wrong passage."""

    code = "site-evidence"


def passages(graph: SiteGraph, document: str) -> list[Quote]:
    """The distinct passages of ``document`` that quotes point at, by position; each checked
    against the text, since the page marks the offsets and the fact's page shows the quote."""
    text = graph.texts[document]
    found: dict[Span, Quote] = {}
    mine = [q for quotes in graph.quotes.values() for q in quotes if q.document.value == document]
    for quote in sorted(mine, key=lambda q: (q.start, q.end, q.exact)):
        if text[quote.start : quote.end] != quote.exact:
            raise EvidenceOutOfPlace(
                f"{document} [{quote.start}:{quote.end}]: the text there is "
                f"{text[quote.start : quote.end]!r}, not the quote {quote.exact!r}",
                hint="the offsets are computed from sources/ by `python -m ipco.evidence`: run it after editing a text",
            )
        found[(quote.start, quote.end)] = quote
    return [found[span] for span in sorted(found)]


def marked(text: str, spans: list[Span]) -> str:
    """``text`` escaped, with line anchors and one ``<mark>`` (or several, when it crosses another
    passage) per span; well nested whatever the overlaps."""
    ranges = sorted({(s, e) for s, e in spans if 0 <= s < e <= len(text)}, key=lambda r: (r[0], -r[1]))
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n" and i + 1 < len(text)]
    lines = {start: number for number, start in enumerate(line_starts, start=1)}
    starts: dict[int, list[Span]] = {}
    ends: dict[int, list[Span]] = {}
    for span in ranges:
        starts.setdefault(span[0], []).append(span)
        ends.setdefault(span[1], []).append(span)
    cuts = sorted({0, len(text), *lines, *starts, *ends})
    out: list[str] = []
    stack: list[Span] = []
    for index, cut in enumerate(cuts):
        closing = set(ends.get(cut, []))
        if closing:
            reopen: list[Span] = []
            while closing & set(stack):
                top = stack.pop()
                out.append("</mark>")
                if top in closing:
                    closing.discard(top)
                else:
                    reopen.append(top)
            for span in reversed(reopen):
                stack.append(span)
                out.append(f'<mark class="q" data-q="{passage_id(*span)}">')
        if cut in lines:
            out.append(f'<span class="ln" id="L{lines[cut]}"></span>')
        for span in starts.get(cut, []):
            stack.append(span)
            ident = passage_id(*span)
            out.append(f'<mark class="q" id="{ident}" data-q="{ident}">')
        if index + 1 < len(cuts):
            out.append(esc(text[cut : cuts[index + 1]]))
    return "".join(out)


def text_page(ctx: Ctx, document: ox.NamedNode) -> str:
    """The whole text of ``document`` with every passage its facts quote marked."""
    g = ctx.graph
    text = g.texts[document.value]
    quoted = passages(g, document.value)
    names = [o.value for o in g.objects(document, IPCO + "fileName") if isinstance(o, ox.Literal)]
    languages = [o.value for o in g.objects(document, DCTERMS + "language") if isinstance(o, ox.Literal)]
    lang = f' lang="{esc(languages[0])}"' if languages else ""
    summary = definition_list(
        [
            (esc(ctx.t("text-document")), ctx.link(document)),
            (esc(ctx.t("file")), "".join(f"<code>sources/{esc(n)}</code>" for n in names)),
            (esc(ctx.t("text-characters")), str(len(text))),
            (esc(ctx.t("text-passages")), str(len(quoted))),
        ]
    )
    body = (
        f'<p class="iri"><span class="kind">{esc(ctx.t("kind-text"))}</span> <code>{esc(document.value)}</code></p>\n'
        f'<p class="lead">{esc(ctx.t("text-intro"))}</p>\n'
        + summary
        + f'<pre class="source-text"{lang}>{marked(text, [(q.start, q.end) for q in quoted])}</pre>\n'
    )
    return frame(ctx, f"{ctx.t('kind-text')}{ctx.colon}{ctx.label(document)}", body, script=PASSAGE_SCRIPT)

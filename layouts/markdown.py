"""Markdown (the risk method) as Dash components, converted once on the server with markdown-it-py.

dcc.Markdown would do the same in the browser, but it loads two extra script bundles (a Markdown parser and a code
highlighter) before the page settles, which costs the first map a few hundred milliseconds on a presenter's laptop.
Raw HTML in the source is not rendered: it stays text, so a data file can never inject markup.
"""

from __future__ import annotations

from functools import lru_cache

from dash import html
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

_PARSER = MarkdownIt("commonmark", {"html": False}).enable("table")
_TAGS = {
    "paragraph": html.P, "strong": html.Strong, "em": html.Em, "bullet_list": html.Ul, "ordered_list": html.Ol,
    "list_item": html.Li, "table": html.Table, "thead": html.Thead, "tbody": html.Tbody, "tr": html.Tr,
    "th": html.Th, "td": html.Td, "blockquote": html.Blockquote, "code_inline": html.Code,
    "h1": html.H1, "h2": html.H2, "h3": html.H3, "h4": html.H4,
}


@lru_cache(maxsize=8)
def markdown_to_dash(text: str) -> html.Div:
    """The Markdown text as a tree of Dash html components (the same text gives the same, shared components)."""
    return html.Div(_children(SyntaxTreeNode(_PARSER.parse(text))), className="markdown")


def _children(node: SyntaxTreeNode) -> list:
    return [part for child in node.children for part in _convert(child)]


def _convert(node: SyntaxTreeNode) -> list:
    if node.type in ("text", "html_inline", "html_block"):
        return [node.content]
    if node.type == "softbreak":
        return ["\n"]
    if node.type == "hardbreak":
        return [html.Br()]
    if node.type == "inline":
        return _children(node)
    if node.type == "code_inline":
        return [html.Code(node.content)]
    if node.type in ("fence", "code_block"):
        return [html.Pre(html.Code(node.content))]
    if node.type == "link":
        return [html.A(_children(node), href=str(node.attrs.get("href", "")), rel="noopener noreferrer")]
    if node.type == "heading":
        return [_TAGS.get(node.tag, html.H4)(_children(node))]
    if node.type == "hr":
        return [html.Hr()]
    make = _TAGS.get(node.type)
    if make is None:  # anything else: keep its text, drop the markup
        return _children(node)
    return [make(_children(node))]

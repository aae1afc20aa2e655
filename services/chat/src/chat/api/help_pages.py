"""The help centre the assistant links to: /kb/{lang} (every article, or search results for
?q=) and /kb/{lang}/{slug} (one article), Markdown rendered to HTML by markdown-it-py with raw
HTML disabled (an article's author cannot inject script), a search box on every page and a 404
page in the visitor's language."""

from __future__ import annotations

from html import escape
from importlib.resources import files
from string import Template

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markdown_it import MarkdownIt

from chat.chat_app import ChatApp
from chat.domain.article_search import ArticleIndex
from chat.domain.knowledge_article import Article
from chat.domain.language import Language
from helpdesk_pages import STYLESHEET_PATH

router = APIRouter(tags=["pages"], include_in_schema=False)  # pages for people, not an API
_PAGE = Template(files("chat").joinpath("static", "help.html").read_text(encoding="utf-8"))
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
}
_WORDS: dict[Language, dict[str, str]] = {
    Language.PT_BR: {
        "centre": "Central de ajuda",
        "search_label": "Buscar na central de ajuda",
        "search_button": "Buscar",
        "all": "Todos os artigos",
        "results": "Resultados para «{q}»",
        "no_results": "Nenhum artigo encontrado para «{q}». Veja todos os artigos abaixo.",
        "not_found_title": "Artigo não encontrado",
        "not_found": "Não encontramos este artigo. Busque acima ou veja todos os artigos.",
    },
    Language.EN: {
        "centre": "Help centre",
        "search_label": "Search the help centre",
        "search_button": "Search",
        "all": "All articles",
        "results": "Results for «{q}»",
        "no_results": "No article found for «{q}». See every article below.",
        "not_found_title": "Article not found",
        "not_found": "We could not find this article. Search above or see every article.",
    },
}


def _language(tag: str, request: Request) -> Language:
    """The path's language, else the browser's, else pt-BR (for a 404 in the right words)."""
    try:
        return Language(tag)
    except ValueError:
        wanted = request.headers.get("accept-language", "").lower()
        return Language.EN if wanted.startswith("en") else Language.PT_BR


def _page(
    language: Language, title: str, content: str, *, query: str = "", status: int = 200
) -> HTMLResponse:
    words = _WORDS[language]
    html = _PAGE.substitute(
        language=language.value,
        title=escape(title),
        centre=words["centre"],
        search_label=words["search_label"],
        search_button=words["search_button"],
        query=escape(query, quote=True),
        content=content,
        stylesheet=STYLESHEET_PATH,
    )
    return HTMLResponse(html, status_code=status, headers=_HEADERS)


def _article_list(articles: tuple[Article, ...] | list[Article]) -> str:
    items = "".join(f'<li><a href="{a.link}">{escape(a.title)}</a></li>' for a in articles)
    return f"<ul>{items}</ul>"


def _articles(request: Request, language: Language) -> tuple[Article, ...]:
    chat: ChatApp = request.app.state.chat
    return tuple(chat.articles.get(language, ()))


@router.get("/kb/{language}", response_class=HTMLResponse, summary="Help articles, or a search")
async def help_centre(request: Request, language: str, q: str = "") -> HTMLResponse:
    lang = _language(language, request)
    words, articles = _WORDS[lang], _articles(request, lang)
    if lang.value != language:
        return _not_found(lang)
    if not q.strip():
        return _page(lang, words["centre"], f"<h1>{words['all']}</h1>{_article_list(articles)}")
    found = [m.article for m in ArticleIndex(articles, language=lang).ranked(q)[:10]]
    heading = f"<h1>{escape(words['results'].format(q=q))}</h1>"
    if found:
        return _page(lang, words["centre"], heading + _article_list(found), query=q)
    empty = f"<p role='status'>{escape(words['no_results'].format(q=q))}</p>"
    everything = f"<h2>{words['all']}</h2>{_article_list(articles)}"
    return _page(lang, words["centre"], heading + empty + everything, query=q)


@router.get("/kb/{language}/{slug}", response_class=HTMLResponse, summary="A help article")
async def article(request: Request, language: str, slug: str) -> HTMLResponse:
    lang = _language(language, request)
    if lang.value == language:
        for found in _articles(request, lang):
            if found.slug == slug:
                body = _MARKDOWN.render(found.body)
                return _page(lang, found.title, f"<h1>{escape(found.title)}</h1>\n{body}")
    return _not_found(lang)


def _not_found(language: Language) -> HTMLResponse:
    words = _WORDS[language]
    content = (
        f"<h1>{words['not_found_title']}</h1><p>{words['not_found']}</p>"
        f"<p><a href='/kb/{language.value}'>{words['all']}</a></p>"
    )
    return _page(language, words["not_found_title"], content, status=404)

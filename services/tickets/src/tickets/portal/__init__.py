""" "Meus chamados" as server-rendered pages (no JavaScript) for customers who follow the
magic link: sign_in_pages (Entrar, ask for a link, sign out), ticket_pages (list, ticket,
comment, mark resolved, rate), rating_link_pages (rate from the resolution e-mail's
link without signing in), over the same use cases as the JSON customer API.

session: cookie, language and CSRF checks · views: what a ticket shows · texts: the words ·
pages: rendering · templates/: the HTML.
"""

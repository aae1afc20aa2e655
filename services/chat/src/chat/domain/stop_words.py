"""Words too common to tell two help articles apart, written without accents."""

from __future__ import annotations

_PORTUGUESE = """
    a ao aos aquela aquele aquilo as ate com como da das de dela dele deles demais do dos e ela
    ele eles em entao entre era essa esse esta estao estou este eu foi for ha isso isto ja la
    lhe mais mas me mesmo meu minha meus minhas muito na nao nas nem no nos nossa nosso num numa
    o os ou para pela pelas pelo pelos per por pra pro qual quais quando que quem se sem ser seu
    sua seus suas so sobre tambem te tem tenho ter teu tua um uma umas uns voce voces vou
    esta estava posso pode podem poderia gostaria queria quero preciso precisa fazer faco faz
    oi ola bom boa dia tarde noite obrigado obrigada favor ai aqui algum alguma onde
    consigo consegue sei saber alguem dizer diga tudo bem quer quanto coisa
"""

_ENGLISH = """
    a about am an and any are as at be been being but by can could did do does doing for from
    had has have having he her here hers him his how i if in into is it its just me my myself
    no nor not of off on once only or other our ours out over own please same she should so
    some such than that the their theirs them then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would
    you your yours yourself hi hello thanks thank want need get got know tell anyone someone
    until something anything way
"""

PORTUGUESE_STOP_WORDS = frozenset(_PORTUGUESE.split())
ENGLISH_STOP_WORDS = frozenset(_ENGLISH.split())

"""Pure notify domain: who is told what, in which words, over which channel, and how it went.

Nothing here performs I/O except reading the packaged Jinja2 templates; the application layer
feeds events in and sends what comes out.
"""

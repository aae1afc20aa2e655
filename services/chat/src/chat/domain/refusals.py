"""Why the chat did not take what a customer sent, in the conversation's or page's language."""

from __future__ import annotations

from chat.domain.language import Language

# fmt: off
REFUSALS: dict[str, tuple[str, str]] = {
    "too_long": ("A mensagem passou de {limit} caracteres; encurte o texto e envie de novo.",
                 "The message is over {limit} characters; shorten it and send it again."),
    "too_many_attachments": ("No máximo {limit} anexos por mensagem.",
                             "At most {limit} attachments per message."),
    "unknown_attachment": ("Este anexo não foi encontrado; anexe o arquivo de novo.",
                           "This attachment was not found; attach the file again."),
    "conversation_full": ("Esta conversa chegou ao limite de mensagens; comece uma nova conversa.",
                          "This conversation reached its message limit; start a new "
                          "conversation."),
    "busy": ("Não foi possível enviar agora; tente de novo em instantes.",
             "Could not send right now; try again in a moment."),
    "no_session": ("A conversa ainda não começou; aguarde a conexão.",
                   "The conversation has not started yet; wait for the connection."),
    "unknown_token": ("Esta conversa não existe mais; comece uma nova conversa.",
                      "This conversation no longer exists; start a new conversation."),
    "file_too_large": ("O arquivo passa de {limit} MB; envie um arquivo menor.",
                       "The file is over {limit} MB; send a smaller file."),
    "file_type": ("Tipo de arquivo não aceito: envie imagem (PNG, JPEG, GIF, WebP), PDF, TXT, "
                  "CSV, DOCX ou XLSX.",
                  "File type not accepted: send an image (PNG, JPEG, GIF, WebP), PDF, TXT, CSV, "
                  "DOCX or XLSX."),
    "file_content": ("O conteúdo do arquivo não corresponde ao tipo dele; confira o arquivo.",
                     "The file's content does not match its type; check the file."),
    "file_empty": ("O arquivo está vazio.", "The file is empty."),
}
# fmt: on
_OTHER = ("Não foi possível enviar; tente de novo.", "Could not send; try again.")


def refusal_text(code: str, language: Language, **values: object) -> str:
    """The customer-facing reason for `code`; numbers are written the language's way."""
    portuguese, english = REFUSALS.get(code, _OTHER)
    shown = {key: _number(value, language) for key, value in values.items()}
    return (english if language is Language.EN else portuguese).format(**shown)


def refusal_texts(code: str, **values: object) -> tuple[str, str]:
    """(pt-BR, English), as the runtime's problem answers take them."""
    return (
        refusal_text(code, Language.PT_BR, **values),
        refusal_text(code, Language.EN, **values),
    )


def _number(value: object, language: Language) -> object:
    if not isinstance(value, int):
        return value
    grouped = f"{value:,}"
    return grouped if language is Language.EN else grouped.replace(",", ".")

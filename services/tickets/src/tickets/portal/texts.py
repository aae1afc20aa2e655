"""Words on the "Meus chamados" pages, in pt-BR and English side by side.

Refusals that come from the rules (a comment on a resolved ticket, a second rating, a ticket
that is not yours) are the domain's own messages, not repeated here.
"""

from __future__ import annotations

from collections.abc import Mapping

from tickets.domain.language import LanguageTag, Localized
from tickets.domain.model import AuthorKind

L = Localized
TEXTS: Mapping[str, Localized] = {
    "portal_name": L("Meus chamados", "My tickets"),
    "switch_language": L("English", "Português"),
    "navigation": L("Navegação", "Navigation"),
    "sign_out": L("Sair", "Sign out"),
    "enter_title": L("Entrar em Meus chamados", "Sign in to My tickets"),
    "enter_intro": L(
        "Para ver seus chamados, confirme clicando em «Entrar». O link vale uma única vez.",
        "To see your tickets, confirm by selecting «Sign in». The link works only once.",
    ),
    "enter_button": L("Entrar", "Sign in"),
    "ask_title": L("Acesse seus chamados", "Access your tickets"),
    "ask_intro": L(
        "Informe o e-mail que você usa com o nosso suporte e enviaremos um link de acesso.",
        "Enter the email address you use with our support and we will send you a sign-in link.",
    ),
    "email_label": L("E-mail", "Email"),
    "ask_button": L("Enviar link de acesso", "Send me a sign-in link"),
    "email_invalid": L("Informe um endereço de e-mail válido.", "Enter a valid email address."),
    "link_invalid": L(
        "Este link de acesso é inválido, expirou ou já foi usado. Peça um novo abaixo.",
        "This sign-in link is invalid, has expired or was already used. Ask for a new one below.",
    ),
    "session_expired": L(
        "Sua sessão terminou. Peça um novo link de acesso para continuar.",
        "Your session has ended. Ask for a new sign-in link to continue.",
    ),
    "link_sent_title": L("Confira seu e-mail", "Check your email"),
    "link_sent": L(
        "Se este endereço estiver cadastrado, enviamos para ele um link de acesso. O link vale "
        "por {minutes} minutos e pode ser usado uma única vez.",
        "If this address is registered with us, we have sent a sign-in link to it. The link "
        "works for {minutes} minutes and only once.",
    ),
    "forged_title": L("Formulário expirado", "Form expired"),
    "forged": L(
        "Não pudemos aceitar este envio: o formulário expirou ou veio de outra página. "
        "Volte, recarregue a página e tente de novo.",
        "We could not accept this submission: the form has expired or came from another page. "
        "Go back, reload the page and try again.",
    ),
    "list_caption": L(
        "Seus chamados, do mais recente ao mais antigo", "Your tickets, newest first"
    ),
    "col_number": L("Protocolo", "Ticket number"),
    "col_subject": L("Assunto", "Subject"),
    "col_requester": L("Solicitante", "Requester"),
    "col_created": L("Aberto em", "Opened"),
    "col_activity": L("Última atividade", "Last activity"),
    "col_status": L("Situação", "Status"),
    "no_tickets": L("Você ainda não tem chamados.", "You have no tickets yet."),
    "older": L("Chamados mais antigos", "Older tickets"),
    "newest": L("Voltar aos mais recentes", "Back to the newest"),
    "ticket_title": L("Chamado nº {number}", "Ticket #{number}"),
    "back_to_list": L("Voltar para Meus chamados", "Back to My tickets"),
    "merged_into": L("Este chamado foi unificado ao chamado", "This ticket was merged into ticket"),
    "linked_to": L("Este chamado continua o chamado", "This ticket continues ticket"),
    "conversation": L("Conversa", "Conversation"),
    "no_comments": L("Ainda não há mensagens.", "No messages yet."),
    "attachments": L("Anexos", "Attachments"),
    "comment_heading": L("Escrever no chamado", "Write on this ticket"),
    "comment_label": L("Sua mensagem", "Your message"),
    "comment_button": L("Enviar mensagem", "Send message"),
    "comment_files": L("Anexos (opcional)", "Files (optional)"),
    "comment_files_hint": L(
        "Até {count} arquivos de até {megabytes} MB cada.",
        "Up to {count} files of up to {megabytes} MB each.",
    ),
    "file_dangerous": L(
        "tipo de arquivo que pode ser perigoso; abra só se você o esperava",
        "a file type that may be dangerous; open it only if you expected it",
    ),
    "comment_invalid": L(
        "Escreva uma mensagem de até 20.000 caracteres.",
        "Write a message of up to 20,000 characters.",
    ),
    "resolve_heading": L("Problema resolvido?", "Problem solved?"),
    "resolve_intro": L(
        "Se o seu problema já foi resolvido, avise-nos para encerrarmos o chamado.",
        "If your problem is solved, let us know so that we can close the ticket.",
    ),
    "resolve_button": L("Marcar como resolvido", "Mark as resolved"),
    "rate_heading": L("Avalie o atendimento", "Rate our service"),
    "rate_legend": L(
        "Sua nota, de 1 (muito insatisfeito) a 5 (muito satisfeito)",
        "Your rating, from 1 (very unhappy) to 5 (very happy)",
    ),
    "rate_comment_label": L("Comentário (opcional)", "Comment (optional)"),
    "rate_button": L("Enviar avaliação", "Send rating"),
    "rate_invalid": L(
        "Escolha uma nota de 1 a 5; o comentário pode ter até 2.000 caracteres.",
        "Choose a rating from 1 to 5; the comment may have up to 2,000 characters.",
    ),
    "rated": L(
        "Você avaliou o atendimento com nota {score} de 5. Obrigado!",
        "You rated our service {score} out of 5. Thank you!",
    ),
    "score_1": L("1 – Muito insatisfeito", "1 – Very unhappy"),
    "score_2": L("2 – Insatisfeito", "2 – Unhappy"),
    "score_3": L("3 – Indiferente", "3 – Neutral"),
    "score_4": L("4 – Satisfeito", "4 – Happy"),
    "score_5": L("5 – Muito satisfeito", "5 – Very happy"),
    "not_found_title": L("Chamado não encontrado", "Ticket not found"),
    "see_ticket": L("Ver o chamado em Meus chamados", "See the ticket in My tickets"),
    "rating_link_invalid_title": L("Link de avaliação inválido", "Invalid rating link"),
    "rating_link_invalid": L(
        "Este link de avaliação não corresponde a nenhum chamado. Confira se o endereço foi "
        "copiado inteiro do e-mail ou avalie pelo chamado em Meus chamados.",
        "This rating link matches no ticket. Check that the whole address was copied from the "
        "e-mail, or rate from the ticket in My tickets.",
    ),
}
YOU = L("Você", "You")
AUTHORS: Mapping[AuthorKind, Localized] = {
    AuthorKind.CUSTOMER: L("Cliente", "Customer"),
    AuthorKind.AGENT: L("Atendente", "Agent"),
    AuthorKind.BOT: L("Assistente virtual", "Virtual assistant"),
    AuthorKind.SYSTEM: L("Sistema", "System"),
}


def texts_in(language: LanguageTag) -> dict[str, str]:
    """Every page text in `language`, by name (what the templates read as `t`)."""
    return {name: text.in_language(language) for name, text in TEXTS.items()}

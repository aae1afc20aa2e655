"""Every word the workspace shows, in pt-BR and English (templates read them as `t.<name>`)."""

from __future__ import annotations

from collections.abc import Mapping

from desk.texts_team import TEAM_TEXTS

_TEXTS: dict[str, tuple[str, str]] = {
    "desk_name": ("Área dos analistas", "Analysts' workspace"),
    "navigation": ("Navegação", "Navigation"),
    "switch_language": ("English", "Português"),
    "sign_out": ("Sair", "Sign out"),
    "sign_in": ("Entrar", "Sign in"),
    "sign_in_intro": (
        "Informe o seu e-mail da equipe: enviaremos um link de acesso que vale uma vez.",
        "Type your staff e-mail address: we will send you a sign-in link that works once.",
    ),
    "email": ("E-mail", "E-mail"),
    "send_link": ("Enviar link de acesso", "Send me a sign-in link"),
    "link_sent": ("Confira seu e-mail", "Check your e-mail"),
    "link_sent_detail": (
        "Se este e-mail for de alguém da equipe, um link de acesso chegará em instantes. "
        "Ele vale por poucos minutos e uma única vez.",
        "If this address belongs to a staff member, a sign-in link is on its way. It works "
        "once, for a few minutes.",
    ),
    "enter_intro": (
        "Clique em «Entrar» para abrir a área dos analistas neste navegador.",
        "Press «Sign in» to open the workspace in this browser.",
    ),
    "link_invalid": (
        "Este link de acesso é inválido, expirou ou já foi usado. Peça um novo.",
        "This sign-in link is invalid, has expired or was already used. Ask for a new one.",
    ),
    "ask_new_link": ("Pedir um novo link", "Ask for a new link"),
    "forged": (
        "Este formulário não veio desta página. Recarregue a página e tente de novo.",
        "This form did not come from this page. Reload the page and try again.",
    ),
    "unreachable": (
        "Um serviço não respondeu. Nada foi perdido: tente de novo em instantes.",
        "A service did not answer. Nothing was lost: try again in a moment.",
    ),
    "views": ("Visões", "Views"),
    "view_mine": ("Meus chamados abertos", "My open tickets"),
    "view_unassigned": ("Sem responsável nos meus grupos", "Unassigned in my groups"),
    "view_pending": ("Aguardando o cliente", "Waiting on the customer"),
    "view_all": ("Todos", "All"),
    "no_groups": (
        "Você não está em nenhum grupo: mostramos todos os chamados sem responsável.",
        "You are in no group: showing every unassigned ticket.",
    ),
    "filters": ("Filtros", "Filters"),
    "status": ("Situação", "Status"),
    "priority": ("Prioridade", "Priority"),
    "search": ("Buscar no assunto", "Search the subject"),
    "apply": ("Aplicar", "Apply"),
    "any": ("Qualquer", "Any"),
    "number": ("Protocolo", "Number"),
    "subject": ("Assunto", "Subject"),
    "requester": ("Solicitante", "Requester"),
    "group": ("Grupo", "Group"),
    "assignee": ("Responsável", "Assignee"),
    "last_activity": ("Última atividade", "Last activity"),
    "nobody": ("ninguém", "nobody"),
    "no_tickets": ("Nenhum chamado nesta visão.", "No ticket in this view."),
    "next_page": ("Próxima página", "Next page"),
    "conversation": ("Conversa", "Conversation"),
    "internal_note": ("Nota interna", "Internal note"),
    "public_reply": ("Resposta pública", "Public reply"),
    "customer_message": ("Mensagem do cliente", "Customer message"),
    "bot_message": ("Assistente virtual", "Virtual assistant"),
    "system_message": ("Sistema", "System"),
    "attachments": ("Anexos", "Attachments"),
    "contact": ("Contato", "Contact"),
    "organization": ("Organização", "Organization"),
    "other_tickets": ("Outros chamados do solicitante", "The requester's other tickets"),
    "none": ("Nenhum.", "None."),
    "sla": ("Prazos (SLA)", "Deadlines (SLA)"),
    "sla_unknown": (
        "O serviço de SLA ainda não tem prazos para este chamado.",
        "The SLA service has no deadlines for this ticket yet.",
    ),
    "paused": ("Pausado (aguardando o cliente)", "Paused (waiting on the customer)"),
    "escalation": ("Nível de escalonamento", "Escalation level"),
    "minutes_left": ("min úteis restantes", "business min left"),
    "minutes_overdue": ("min úteis de atraso", "business min overdue"),
    "met": ("cumprido", "met"),
    "breached": ("violado", "breached"),
    "due": ("vence", "due"),
    "history": ("Histórico", "History"),
    "reply": ("Responder ao cliente", "Reply to the customer"),
    "reply_and_set": ("Situação depois da resposta", "Status after the reply"),
    "keep_status": ("Manter", "Keep"),
    "send_reply": ("Enviar resposta", "Send reply"),
    "add_note": ("Adicionar nota interna", "Add internal note"),
    "note_hint": ("Só a equipe vê notas internas.", "Only staff see internal notes."),
    "fields": ("Campos", "Fields"),
    "save": ("Salvar", "Save"),
    "take": ("Assumir este chamado", "Take this ticket"),
    "taken_by_you": ("Você é o responsável.", "You are the assignee."),
    "done": ("Feito.", "Done."),
    "conflict": (
        "Alguém mudou este chamado enquanto você o lia; nada foi gravado. Seu texto continua "
        "abaixo. Recarregue para ver a mudança e envie de novo.",
        "Someone changed this ticket while you were reading it; nothing was saved. Your text is "
        "still below. Reload to see the change and send again.",
    ),
    "reload": ("Recarregar o chamado", "Reload the ticket"),
    "refused": ("Não foi possível:", "Could not do it:"),
    "not_found": ("Este chamado não existe.", "This ticket does not exist."),
    "back_to_views": ("Voltar às visões", "Back to the views"),
    "signed_in_as": ("Conectado como", "Signed in as"),
    "channel": ("Canal", "Channel"),
    "live_updates": ("Novidades", "Updates"),
    "live_created": ("Novo chamado", "New ticket"),
    "live_customer_message": ("Mensagem do cliente", "Customer message"),
    "status_new": ("Em espera", "New"),
    "status_open": ("Em andamento", "Open"),
    "status_pending": ("Aguardando cliente", "Waiting on customer"),
    "status_on_hold": ("Em pausa", "On hold"),
    "status_resolved": ("Resolvido", "Resolved"),
    "status_closed": ("Fechado", "Closed"),
    "status_merged": ("Mesclado", "Merged"),
    "target_first_response": ("Primeira resposta", "First response"),
    "target_next_response": ("Próxima resposta", "Next response"),
    "target_resolution": ("Resolução", "Resolution"),
}


def texts(language: str) -> Mapping[str, str]:
    index = 1 if language == "en" else 0
    return {name: pair[index] for name, pair in (_TEXTS | TEAM_TEXTS).items()}

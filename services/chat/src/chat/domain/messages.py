"""Everything the assistant says, in pt-BR and English (one catalogue, one place to edit)."""

from __future__ import annotations

from enum import Enum
from typing import Any

from chat.domain.language import Language


class Text(Enum):
    """A customer-facing text: (pt-BR, English), with str.format placeholders."""

    # fmt: off
    GREETING = ("Olá! Aqui é {assistant}, assistente virtual do nosso atendimento.",
                "Hi! This is {assistant}, our support team's virtual assistant.")
    ASK_NAME = ("Para começar, como posso te chamar?", "To start, what is your name?")
    INVALID_NAME = ("Não consegui entender seu nome. Pode digitá-lo de novo, só com letras?",
                    "I could not get your name. Could you type it again, using letters only?")
    NAME_BEFORE_HELP = ("Já vou te ajudar com isso! Antes, me diga só o seu nome: como posso te "
                        "chamar?",
                        "I will help you with that in a moment! First, just tell me your name: "
                        "what should I call you?")
    NAME_AFTER_GREETING = ("Olá! Como posso te chamar? Digite só o seu nome.",
                           "Hi! What should I call you? Just type your name.")
    ASK_EMAIL = ("Prazer, {name}! Qual é o seu e-mail? Vou usá-lo para encontrar seus chamados.",
                 "Nice to meet you, {name}! What is your email? I will use it to find your "
                 "tickets.")
    INVALID_EMAIL = ("Hmm, “{email}” não parece um e-mail válido. Pode conferir e digitar de novo? "
                     "Exemplo: nome@empresa.com.br",
                     "Hmm, “{email}” does not look like a valid email. Could you check it and type "
                     "it again? Example: name@company.com")
    IDENTIFY_FIRST = ("Claro! Antes, preciso do seu nome e do seu e-mail.",
                      "Sure! First I need your name and your email.")
    WELCOME = ("Tudo certo, {name}!", "All set, {name}!")
    SECURITY_TIP = ("Dica de segurança: nunca compartilhe senhas ou códigos de verificação. "
                    "Nossa equipe nunca pede esses dados; um código que enviarmos ao seu e-mail "
                    "só se digita aqui, quando eu pedir.",
                    "Security tip: never share passwords or verification codes. "
                    "Our team never asks for them; a code we email you is only typed here, when "
                    "I ask for it.")
    MENU = ("Como posso ajudar? Escolha uma opção:", "How can I help? Choose an option:")
    MENU_ASK_QUESTION = ("Tirar uma dúvida", "Ask a question")
    MENU_TICKET_STATUS = ("Ver o status de um chamado", "See the status of a ticket")
    MENU_TALK_TO_AGENT = ("Falar com um atendente", "Talk to an agent")
    MENU_OPEN_TICKET = ("Abrir um chamado", "Open a ticket")
    INVALID_OPTION = ("Não reconheci essa opção.", "I did not recognise that option.")
    SHORTCUTS = ("A qualquer momento, digite “menu”, “atendente” ou “sair”.",
                 "At any time, type “menu”, “agent” or “exit”.")
    ASK_QUESTION = ("Pode perguntar! Poucas palavras bastam, por exemplo: “como reabrir um "
                    "chamado”.",
                    "Go ahead and ask! A few words are enough, e.g. “how to reopen a ticket”.")
    ARTICLE_ANSWER = ("{answer}\n\nSaiba mais em “{title}”: {link}",
                      "{answer}\n\nRead more in “{title}”: {link}")
    ASK_FEEDBACK = ("Isso ajudou?", "Did this help?")
    YES = ("Sim", "Yes")
    NO = ("Não", "No")
    FEEDBACK_THANKS = ("Que bom que ajudou!", "Glad it helped!")
    FEEDBACK_SORRY = ("Sinto muito. Você pode perguntar de outro jeito ou falar com um atendente.",
                      "Sorry about that. You can ask in another way or talk to an agent.")
    NO_ARTICLE = ("Não encontrei um artigo que responda a isso.",
                  "I could not find an article that answers that.")
    OFFER_AGENT = ("Quer falar com um atendente?", "Would you like to talk to an agent?")
    OKAY = ("Tudo bem!", "All right!")
    ASK_PROTOCOL = ("Qual é o número do protocolo? Ele aparece no e-mail de confirmação.",
                    "What is the protocol number? It is in the confirmation email.")
    INVALID_PROTOCOL = ("Não reconheci esse número. Digite só o protocolo, por exemplo 123456.",
                        "I did not recognise that number. Type just the protocol, e.g. 123456.")
    CODE_SENT = ("Para proteger seus dados, enviei um código de 6 dígitos para {email}. Digite-o "
                 "aqui para ver o chamado.",
                 "To protect your data, I sent a 6-digit code to {email}. Type it here to see "
                 "the ticket.")
    ASK_CODE = ("Digite o código de 6 dígitos que enviamos para {email}.",
                "Please type the 6-digit code we sent to {email}.")
    CODE_WRONG = ("Esse código não confere. Confira o e-mail e digite de novo.",
                  "That code does not match. Check the email and type it again.")
    CODE_EXPIRED = ("Esse código não vale mais. Peça o status de novo para receber outro.",
                    "That code is no longer valid. Ask for the status again to get a new one.")
    TOO_MANY_CODES = ("Já enviamos códigos demais nesta conversa. Seus chamados estão em “Meus "
                      "chamados”.",
                      "We sent too many codes in this conversation already. Your tickets are in "
                      "“My tickets”.")
    PLEASE_WAIT = ("Um instante, estou verificando...", "One moment, I am checking...")
    TICKET_STATUS = ("Status do chamado nº {number}: {status}. {meaning}",
                     "Ticket #{number} status: {status}. {meaning}")
    STATUS_WAITING = ("Em espera", "Waiting")
    STATUS_IN_PROGRESS = ("Em andamento", "In progress")
    STATUS_AWAITING_REPLY = ("Aguardando sua resposta", "Awaiting your reply")
    STATUS_RESOLVED = ("Resolvido", "Resolved")
    MEANING_WAITING = ("Recebemos o chamado e ele aguarda um atendente.",
                   "We received it and it is waiting for an agent.")
    MEANING_IN_PROGRESS = ("Um atendente está cuidando dele.", "An agent is working on it.")
    MEANING_AWAITING_REPLY = ("Precisamos de uma informação sua: responda ao último e-mail do "
                              "chamado.",
                              "We need information from you: please reply to the ticket's last "
                              "email.")
    MEANING_RESOLVED = ("Se o problema voltar, é só responder ao chamado para reabri-lo.",
                        "If the problem comes back, just reply to the ticket to reopen it.")
    TICKET_NOT_FOUND = ("Não encontrei o chamado {number} para o e-mail {email}. Confira o número "
                        "ou veja a lista em “Meus chamados”.",
                        "I could not find ticket {number} for {email}. Please check the number "
                        "or see the list in “My tickets”.")
    HANDOFF_REQUESTED = ("Certo! Vou chamar um atendente para você.",
                         "Sure! I am calling an agent for you.")
    QUEUED = ("Você está na fila de atendimento, na posição {position}. Não feche esta janela.",
              "You are in the support queue, at position {position}. Please keep this window open.")
    QUEUE_MOVED = ("Sua posição na fila agora é {position}.",
                   "Your position in the queue is now {position}.")
    ALREADY_QUEUED = ("Você já está na fila, na posição {position}.",
                      "You are already in the queue, at position {position}.")
    AGENT_JOINED = ("{agent} entrou na conversa e já vê o que conversamos até aqui.",
                    "{agent} joined the conversation and can see what we talked about so far.")
    TALKING_WITH_AGENT = ("Você está conversando com {agent}.", "You are talking with {agent}.")
    TRANSFERRED_TO_AGENT = ("Sua conversa foi transferida para {agent}, que já vê o histórico.",
                            "Your conversation was transferred to {agent}, who can see the "
                            "history.")
    TRANSFERRED_TO_GROUP = ("Vou passar você para outra equipe. Você está na fila, na posição "
                            "{position}.",
                            "I am passing you to another team. You are in the queue, at position "
                            "{position}.")
    NO_AGENT_ONLINE = ("No momento não há atendentes disponíveis.",
                       "No agent is available right now.")
    OFFER_TICKET = ("Posso abrir um chamado com esta conversa para a equipe responder por e-mail. "
                    "Quer abrir?",
                    "I can open a ticket with this conversation so the team answers by email. "
                    "Shall I open one?")
    ASK_DESCRIPTION = ("Descreva em poucas palavras o que aconteceu. Esta conversa vai junto.",
                       "Describe in a few words what happened. This conversation goes with it.")
    INVALID_DESCRIPTION = ("Preciso de uma descrição com {minimum} a {maximum} caracteres.",
                           "I need a description of {minimum} to {maximum} characters.")
    TICKET_OPENED = ("Pronto! Abrimos o chamado nº {number}. As novidades vão para {email}.",
                     "Done! We opened ticket #{number}. Updates will go to {email}.")
    ADDED_TO_TICKET = ("Pronto! Registrei isso no chamado nº {number}, que já está aberto para "
                       "esta conversa. As novidades vão para {email}.",
                       "Done! I added this to ticket #{number}, already open for this "
                       "conversation. Updates will go to {email}.")
    TEMPORARY_FAILURE = ("Tive um problema para concluir isso agora. Tente de novo em instantes.",
                         "I had a problem finishing that right now. Please try again shortly.")
    UNSTORABLE_REMOVED = ("Sua mensagem tinha um caractere invisível que não conseguimos guardar "
                          "(caractere nulo); nós o removemos e guardamos o resto.",
                          "Your message had an invisible character we cannot store (a NUL "
                          "character); we removed it and kept the rest.")
    AGENT_ENDED = ("{agent} encerrou a conversa.", "{agent} ended the conversation.")
    ASK_RATING = ("Antes de ir: de 1 a 5, como você avalia este atendimento?",
                  "Before you go: from 1 to 5, how would you rate this support?")
    INVALID_RATING = ("Responda com um número de 1 a 5, por favor.",
                      "Please answer with a number from 1 to 5.")
    RATING_THANKS = ("Agradecemos a sua avaliação! Até a próxima.",
                     "Thank you for your rating! See you next time.")
    GOODBYE = ("Conversa encerrada. Até a próxima!", "Conversation ended. See you next time!")
    CONVERSATION_ENDED = ("Esta conversa foi encerrada. Para falar com a gente, inicie um novo "
                          "chat.",
                          "This conversation has ended. To talk to us again, start a new chat.")
    TRANSCRIPT_FILED = ("Esta conversa foi registrada no chamado nº {number}.",
                        "This conversation was recorded on ticket #{number}.")
    LANGUAGE_CHANGED = ("Certo, vamos continuar em português.", "OK, let's continue in English.")
    DAYS_RANGE = ("de {first} a {last}", "{first} to {last}")
    HOURS_SPAN = ("das {opens} às {closes}", "{opens} to {closes}")
    OUTSIDE_HOURS = ("Nosso atendimento funciona {days}, {span}. Abriremos {opening}.",
                     "Our support hours are {days}, {span}. We will open again {opening}.")
    OPEN_NOW = ("Nosso atendimento está aberto agora ({days}, {span}).",
                "Our support is open now ({days}, {span}).")
    OPENING_TODAY = ("hoje, às {time}", "today at {time}")
    OPENING_TOMORROW = ("amanhã, {weekday}, {date}, às {time}",
                        "tomorrow, {weekday}, {date}, at {time}")
    OPENING_ON = ("{weekday}, {date}, às {time}", "on {weekday}, {date}, at {time}")
    TRANSCRIPT_TITLE = ("Conversa pelo chat", "Chat conversation")
    AUTHOR_CUSTOMER = ("cliente", "customer")
    AUTHOR_BOT = ("assistente virtual", "virtual assistant")
    AUTHOR_AGENT = ("atendente", "agent")
    AUTHOR_SYSTEM = ("sistema", "system")
    # fmt: on


WEEKDAYS = {
    Language.PT_BR: ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira",
                     "sexta-feira", "sábado", "domingo"),
    Language.EN: ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}  # fmt: skip
"""Weekday names, Monday first (datetime.weekday() order)."""

WEEKDAYS_IN_RANGES = {
    Language.PT_BR: ("segunda", "terça", "quarta", "quinta", "sexta", "sábado", "domingo"),
    Language.EN: WEEKDAYS[Language.EN],
}
"""Weekday names as used in "de segunda a sexta"."""

MONTHS = {
    Language.PT_BR: ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
                     "agosto", "setembro", "outubro", "novembro", "dezembro"),
    Language.EN: ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"),
}  # fmt: skip


def say(text: Text, language: Language, **values: Any) -> str:
    """The text in the language, with its placeholders filled in."""
    template: str = text.value[0 if language is Language.PT_BR else 1]
    return template.format(**values)

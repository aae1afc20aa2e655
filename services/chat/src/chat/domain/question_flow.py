"""Answering questions from the knowledge base, with "did this help?" feedback."""

from __future__ import annotations

from chat.domain.assistant_profile import AssistantProfile
from chat.domain.assistant_turn import Turn
from chat.domain.bot_reply import BotReply, reply, yes_no_reply
from chat.domain.conversation import ArticleFeedback, Conversation, Stage
from chat.domain.customer_input import CustomerInput, CustomerText, read_yes_no, text_of
from chat.domain.handoff_flow import request_agent
from chat.domain.messages import Text, say
from chat.domain.prompts import back_to_menu, prompt_for


def ask_question(conversation: Conversation) -> Turn:
    """Invite the customer to type a question."""
    asking = conversation.model_copy(update={"stage": Stage.ASKING_QUESTION})
    return Turn(conversation=asking, replies=prompt_for(asking))


def answer_question(profile: AssistantProfile, conversation: Conversation, question: str) -> Turn:
    """Answer with the best article and its link, or say none fits and offer an agent."""
    language = conversation.language
    match = profile.knowledge[language].best_match(question)
    if match is None:
        offering = conversation.model_copy(
            update={"stage": Stage.OFFERING_AGENT, "last_question": question}
        )
        replies = (reply(Text.NO_ARTICLE, language), yes_no_reply(Text.OFFER_AGENT, language))
        return Turn(conversation=offering, replies=replies)
    article = match.article
    text = say(
        Text.ARTICLE_ANSWER, language, answer=article.answer, title=article.title, link=match.link
    )
    answer = BotReply(text=text, link=match.link)
    answered = conversation.model_copy(
        update={
            "stage": Stage.AWAITING_FEEDBACK,
            "last_question": question,
            "suggested_article": article.slug,
        }
    )
    return Turn(conversation=answered, replies=(answer, yes_no_reply(Text.ASK_FEEDBACK, language)))


def take_feedback(
    profile: AssistantProfile, conversation: Conversation, customer_input: CustomerInput
) -> Turn:
    """Record yes/no for the suggested article; another question typed instead is answered."""
    helpful = read_yes_no(text_of(customer_input))
    if helpful is None:
        return _not_an_answer(profile, conversation, customer_input)
    feedback = ArticleFeedback(
        question=conversation.last_question or "",
        article_slug=conversation.suggested_article or "",
        language=conversation.language,
        helpful=helpful,
    )
    recorded = conversation.model_copy(update={"feedback": (*conversation.feedback, feedback)})
    comment = Text.FEEDBACK_THANKS if helpful else Text.FEEDBACK_SORRY
    return back_to_menu(recorded, reply(comment, conversation.language))


def take_agent_offer(
    profile: AssistantProfile, conversation: Conversation, customer_input: CustomerInput
) -> Turn:
    """After an unanswered question: yes hands over to an agent, no goes back to the menu."""
    wants_agent = read_yes_no(text_of(customer_input))
    if wants_agent is None:
        return _not_an_answer(profile, conversation, customer_input)
    if wants_agent:
        return request_agent(conversation)
    return back_to_menu(conversation, reply(Text.OKAY, conversation.language))


def _not_an_answer(
    profile: AssistantProfile, conversation: Conversation, customer_input: CustomerInput
) -> Turn:
    if isinstance(customer_input, CustomerText) and customer_input.text.strip():
        return answer_question(profile, conversation, customer_input.text)
    return Turn(conversation=conversation, replies=prompt_for(conversation))

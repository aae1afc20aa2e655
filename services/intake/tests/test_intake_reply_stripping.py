"""What counts as the customer's own words in a reply, beyond the corpus cases."""

from __future__ import annotations

from intake.domain.quoted_reply import is_forward_subject, strip_quoted_reply, visible_text


def test_line_starting_with_em_is_not_a_reply_header_without_escreveu() -> None:
    text = "Em anexo segue o comprovante.\nEm caso de dúvida, me liguem."
    assert strip_quoted_reply(text) == text


def test_de_line_alone_is_not_an_outlook_header_block() -> None:
    text = "De: Maria, para o setor financeiro.\nPor favor, revisem a cobrança."
    assert strip_quoted_reply(text) == text


def test_english_outlook_block_after_underscore_rule_is_cut() -> None:
    text = (
        "Please cancel my order.\n\n________________________________\n"
        "From: Acme <support@acme.com>\nSent: Monday\nTo: me\nSubject: Order\n\nOld text"
    )
    assert strip_quoted_reply(text) == "Please cancel my order."


def test_gmail_attribution_wrapped_over_two_lines_is_cut() -> None:
    text = (
        "Ok, obrigado!\n\nOn Mon, Mar 4, 2024 at 9:12 AM Acme Support <\n"
        "support@acme.com> wrote:\n> old"
    )
    assert strip_quoted_reply(text) == "Ok, obrigado!"


def test_sent_from_my_iphone_footer_is_cut() -> None:
    assert strip_quoted_reply("Pode fechar.\n\nSent from my iPhone") == "Pode fechar."


def test_message_made_only_of_quotes_keeps_the_full_text() -> None:
    text = "> tudo citado\n> nada novo"
    assert strip_quoted_reply(text) == text


def test_forward_subjects_are_recognized_in_portuguese_and_english() -> None:
    for subject in ("Fwd: x", "FW: x", "ENC: x", "Enc: x", "[Ext] Fwd: x"):
        assert is_forward_subject(subject)
    for subject in ("Re: x", "RES: x", "Encomenda atrasada"):
        assert not is_forward_subject(subject)


def test_forward_keeps_the_quoted_content() -> None:
    text = "Veja abaixo.\n\n-----Original Message-----\nFrom: a@b.c\nSubject: x\n\nConteúdo"
    assert visible_text(text, "FW: x") == text
    assert visible_text(text, "RE: x") == "Veja abaixo."

"""The ticket page's «Campos» form, turned into one `PATCH /v1/tickets/{number}`.

The form sends every field with the value the page showed beside it (`*_before`); only the
fields the analyst changed go to the API, so saving the status never re-runs the category's
priority rules, and a field someone else changed meanwhile is not silently set back (the
version check refuses the whole write with a 409 instead).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

Short = Annotated[str, Field(max_length=100)]
Long = Annotated[str, Field(max_length=2_000)]
MAX_TAGS = 30


def tag_list(text: str) -> list[str]:
    """Tags typed as «a, b c» (commas or spaces), each once, in the order typed."""
    seen: dict[str, None] = {}
    for part in text.replace(",", " ").split():
        seen.setdefault(part.strip(), None)
    return list(seen)[: MAX_TAGS + 1]  # one over the limit lets the API say what is wrong


def ticket_numbers(text: str) -> list[int | str]:
    """Ticket numbers typed as «#100002, 100007»; anything else is passed on as typed, so the
    API's refusal names it."""
    return [int(n) if n.isdigit() else n for n in (p.lstrip("#") for p in tag_list(text))]


class FieldsForm(BaseModel):
    csrf_token: Short
    version: Annotated[int | None, Field(ge=1, le=2**53)] = None
    status: Short = ""
    status_before: Short = ""
    priority: Short = ""
    priority_before: Short = ""
    assignee: Short = ""
    assignee_before: Short = ""
    group: Short = ""
    group_before: Short = ""
    tags: Long = ""
    tags_before: Long = ""
    related: Long = ""
    related_before: Long = ""
    category: Short = ""
    category_before: Short = ""
    subcategory: Short = ""
    subcategory_before: Short = ""

    def edit(self) -> dict[str, Any]:
        """The PATCH body: the fields the analyst changed (the API refuses a status it is
        already in)."""
        body: dict[str, Any] = {"version": self.version}
        if self.status and self.status != self.status_before:
            body["status"] = self.status
        if self.priority and self.priority != self.priority_before:
            body["priority"] = self.priority
        if self.assignee != self.assignee_before:
            body["assignee_id"] = self.assignee or None
        if self.group and self.group != self.group_before:
            body["group_id"] = self.group
        if tag_list(self.tags) != tag_list(self.tags_before):
            body["tags"] = tag_list(self.tags)
        if ticket_numbers(self.related) != ticket_numbers(self.related_before):
            body["related_tickets"] = ticket_numbers(self.related)
        category, subcategory = self.category.strip(), self.subcategory.strip()
        if category != self.category_before.strip():
            body["category"] = category or None
            if subcategory:
                body["subcategory"] = subcategory
        elif subcategory != self.subcategory_before.strip():
            body["subcategory"] = subcategory or None
        return body

    def kept(self) -> dict[str, str]:
        """What the analyst typed, shown again when the API refuses the change."""
        return {
            "tags": self.tags,
            "related": self.related,
            "category": self.category,
            "subcategory": self.subcategory,
        }

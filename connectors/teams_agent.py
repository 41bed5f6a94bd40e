"""The Agents SDK agent behind the Teams route: a message activity becomes a ChatEvent (text
without the @mention, files downloaded, where to answer), the bot's answers are sent back in
the same turn."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from microsoft_agents.hosting.core import ActivityHandler, MessageFactory

from connectors.chat import ChatEvent

if TYPE_CHECKING:
    from connectors.teams import TeamsConnector


def _sender(activity: Any) -> str:
    account = activity.from_property
    return str(getattr(account, "aad_object_id", None) or account.id)


def _text(activity: Any) -> str:
    text = str(activity.text or "")
    for entity in activity.entities or []:  # "<at>diariebot</at> status" -> "status"
        mentioned = getattr(entity, "text", None) or (getattr(entity, "model_extra", None)
                                                       or {}).get("text")
        if mentioned:
            text = text.replace(str(mentioned), "")
    return text.strip()


class DiarieAgent(ActivityHandler):
    def __init__(self, connector: TeamsConnector) -> None:
        super().__init__()
        self.connector = connector

    async def on_message_activity(self, turn_context: Any) -> None:
        activity = turn_context.activity
        reference = activity.get_conversation_reference().model_dump(
            mode="json", by_alias=True, exclude_none=True)
        event = ChatEvent(event_id=str(activity.id), sender=_sender(activity),
                          text=_text(activity), files=await self.connector.files(activity),
                          address={"reference": reference},
                          sender_name=str(activity.from_property.name or ""))
        replies = await asyncio.to_thread(self.connector.deliver, event)
        for reply in replies:
            await turn_context.send_activity(MessageFactory.text(reply.text))

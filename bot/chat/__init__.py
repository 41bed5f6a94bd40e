"""Chat with the bot, whatever the channel (Matrix, Teams): files become submissions, the
sender gets a receipt, answers the bot's questions and hears when a registrar confirmed.

A module per job: ``conversation`` (one event in, answers out), ``commands`` (what a line
asks), ``intake`` (files to submissions), ``status`` and ``missing`` (the two questions a user
asks), ``questions`` and ``hints`` (the bot's question and the answer as evidence),
``receipts``, ``notices`` and ``digest`` (what the bot writes later), ``outbox`` (sending it),
``contacts`` (who is who), ``items`` (what became of a document), ``text``, ``language`` and
``mask`` (how it is said), ``service`` (running it under `serve`), ``web`` (Teams' route) and
``cli`` (`diariebot chat`)."""

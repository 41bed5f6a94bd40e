"""The outside world: mailboxes (IMAP, EWS, Graph), the SMTP receiver and scan folders, each
behind the small protocol in `connectors.base`; nothing here knows about `bot`."""

// Package email is the email executor of DESIGN.md §4: a mailbox account sends its
// email steps over SMTP and learns about replies, bounces and opt-outs by polling its
// IMAP inbox.
//
// Sending (Sender) builds a MIME message with text and HTML alternatives, a Message-ID
// derived from the action's key (the same action always gets the same Message-ID, which
// is how a restart reconciles instead of re-sending), RFC 8058 one-click List-Unsubscribe
// headers and a CAN-SPAM footer, and retries temporary failures with back-off.
//
// Polling (Poller) reads messages newer than a caller-kept checkpoint and classifies
// each (Classify): a reply to a message we sent, a delivery failure (DSN or a classic
// MAILER-DAEMON bounce), an unsubscribe by mail, or an auto-reply that is ignored.
//
// Unsubscribing (Tokens, UnsubscribeHandler) uses HMAC-signed tokens that name a lead
// and a campaign, so a forged or edited link is refused.
//
// Pacing (per-mailbox daily caps, working hours) is not here: the Pacer decides when an
// email action is due, exactly as for LinkedIn actions.
package email

package paceline

// TypeEmail is the account type of a mailbox (executor email). It is kept out of
// AccountTypes, which lists the LinkedIn subscriptions that `limits presets` prints and
// `accounts add --type` offers; a mailbox gets it from `--executor email`.
const TypeEmail AccountType = "email"

// Package secret keeps stored secrets (SMTP and IMAP passwords, agent tokens) out of
// sight: they are sealed with AES-256-GCM under one key before they reach the database,
// and held in memory as Redacted values that never print, log or marshal their content.
//
// The key comes from the PACELINE_SECRET_KEY environment variable (base64 of 32 bytes)
// or from a key file that paceline can create on first use with mode 0600.
package secret

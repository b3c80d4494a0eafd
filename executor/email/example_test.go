package email_test

import (
	"fmt"

	"github.com/paceline/paceline/executor/email"
)

// Parse reads a delivery status notification: which address failed for good, why, and
// which of our emails it was.
func ExampleParse() {
	raw := "From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r\n" +
		"Subject: Undelivered Mail Returned to Sender\r\n" +
		"Message-ID: <dsn.1@mx.example.com>\r\n" +
		"Auto-Submitted: auto-replied\r\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n" +
		"--b\r\nContent-Type: message/delivery-status\r\n\r\n" +
		"Reporting-MTA: dns; mx.example.com\r\n\r\n" +
		"Final-Recipient: rfc822; nobody@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n" +
		"Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n" +
		"--b\r\nContent-Type: text/rfc822-headers\r\n\r\n" +
		"Message-ID: <pl.abc@example.com>\r\nTo: nobody@example.org\r\n" +
		"--b--\r\n"
	in, err := email.Parse([]byte(raw))
	if err != nil {
		panic(err)
	}
	fmt.Println(in.Bounce.Recipients, in.Bounce.Status, in.Bounce.Diagnostic, in.Bounce.OriginalIDs)
	// Output: [nobody@example.org] 5.1.1 550 5.1.1 user unknown [pl.abc@example.com]
}

// The unsubscribe link of a lead in a campaign, and what the handler reads back from it.
func ExampleTokens() {
	tokens, err := email.NewTokens([]byte("key derived from the secret key!"))
	if err != nil {
		panic(err)
	}
	u := &email.Unsubscribe{Tokens: tokens, BaseURL: "https://paceline.example.com"}
	link := u.URL("ada-lovelace", "founders-q1")
	lead, campaign, err := tokens.Verify(link[len("https://paceline.example.com/u/"):])
	fmt.Println(lead, campaign, err)
	// Output: ada-lovelace founders-q1 <nil>
}

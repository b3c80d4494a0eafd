package limits

import "github.com/paceline/paceline"

// addMailbox gives a LinkedIn account that has a mailbox of its own the email
// allowance of a mailbox account (EmailPreset): its leads' email steps go out from
// it, paced like any other kind, and its --cap email=N and daily_email=N override the
// preset as for a mailbox.
func (c *Config) addMailbox() {
	p := EmailPreset()
	i := paceline.KindEmail.Index()
	c.Weekly[i] = p.Weekly[paceline.KindEmail]
	c.DailyTarget[i] = p.DailyTarget[paceline.KindEmail]
}

// dropEmail takes email away from a LinkedIn account without a mailbox of its own,
// whatever its caps say: an email cap left from a mailbox taken away (or written by a
// removal that failed half-way) must not let the Pacer plan emails nothing can send.
func (c *Config) dropEmail() {
	i := paceline.KindEmail.Index()
	c.Weekly[i], c.Daily[i], c.DailyTarget[i] = Uncapped, Uncapped, 0
}

package secret_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/paceline/paceline/secret"
)

// Seal a password for storage, open it again, and see that printing or marshalling it
// shows nothing.
func Example() {
	dir, _ := os.MkdirTemp("", "paceline-example")
	defer os.RemoveAll(dir)
	key, err := secret.LoadKey(secret.KeySource{
		Getenv: func(string) string { return "" }, // ignore PACELINE_SECRET_KEY here
		File:   filepath.Join(dir, "secret.key"),
		Create: true,
	})
	if err != nil {
		panic(err)
	}
	sealed, _ := key.Seal("account/ann-mail/smtp-password", secret.Redact("hunter2"))
	pw, _ := key.Open("account/ann-mail/smtp-password", sealed)
	js, _ := json.Marshal(struct{ Password secret.Redacted }{pw})
	fmt.Println(pw, string(js), pw.Reveal() == "hunter2")
	// Output: [redacted] {"Password":"[redacted]"} true
}

package sentrow

import "testing"

func TestMessageID(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"<abc@Mail.Example.COM>", "abc@mail.example.com"},
		{" <ABC@x> ", "ABC@x"},
		{"no-domain", "no-domain"},
		{"<>", ""},
	}
	for _, tt := range tests {
		if got := MessageID(tt.in); got != tt.want {
			t.Errorf("MessageID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRecipient(t *testing.T) {
	t.Parallel()
	if got := Recipient("  Ann@Example.com "); got != "ann@example.com" {
		t.Fatalf("Recipient = %q", got)
	}
}

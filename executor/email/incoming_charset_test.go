package email

import "testing"

// TestParseDecodesSubjectsInAnyCharset: Outlook and other Western European mail
// programs encode subjects in windows-1252 or iso-8859-15, Russian ones in koi8-r. Left
// undecoded, an out-of-office subject is not recognised and counts as a reply that
// stops the sequence.
func TestParseDecodesSubjectsInAnyCharset(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, subject, want string }{
		{"windows-1252", "=?windows-1252?Q?R=E9ponse_automatique=A0:_Quick_question?=", "Réponse automatique\u00a0: Quick question"},
		{"iso-8859-15", "=?iso-8859-15?Q?R=E9ponse_automatique_:_Quick_question?=", "Réponse automatique : Quick question"},
		{"cp1252 base64", "=?Windows-1252?B?QWJ3ZXNlbmhlaXRzbm90aXo6IFF1aWNr?=", "Abwesenheitsnotiz: Quick"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in, err := Parse([]byte("From: lea@bureau.test\r\nSubject: " + tt.subject + "\r\nIn-Reply-To: <pl.abc@paceline.test>\r\n\r\nJe suis absente."))
			if err != nil {
				t.Fatal(err)
			}
			if in.Subject != tt.want {
				t.Errorf("subject %q, want %q", in.Subject, tt.want)
			}
			if in.Auto == "" {
				t.Errorf("an out-of-office in %s is not seen as automatic", tt.name)
			}
		})
	}
	// An unknown charset leaves the subject as it came rather than failing.
	in, err := Parse([]byte("From: a@b.test\r\nSubject: =?x-nonsense?Q?hi?=\r\n\r\n"))
	if err != nil || in.Subject != "=?x-nonsense?Q?hi?=" {
		t.Errorf("unknown charset: %q, %v", in.Subject, err)
	}
}

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

// TestParseOutOfOfficeLanguages: the subjects Outlook, Gmail and Exchange give
// out-of-office answers in the languages outreach meets. One not recognised, with no
// Auto-Submitted header (Outlook's rules and many hosted servers send none), counts as a
// reply and stops the sequence.
func TestParseOutOfOfficeLanguages(t *testing.T) {
	t.Parallel()
	for _, subject := range []string{
		"Absent du bureau : Quick question",        // French Outlook
		"Resposta automática: Quick question",      // Portuguese
		"Odpowiedź automatyczna: Quick question",   // Polish
		"Frånvaro: Quick question",                 // Swedish
		"Automatiskt svar: Quick question",         // Swedish Outlook
		"Automatisk svar: Quick question",          // Danish, Norwegian
		"Automaattinen vastaus: Quick question",    // Finnish
		"Automatická odpověď: Quick question",      // Czech
		"Automatikus válasz: Quick question",       // Hungarian
		"Otomatik yanıt: Quick question",           // Turkish
		"Автоматический ответ: Quick question",     // Russian
		"自動応答: Quick question",                     // Japanese
		"自动回复: Quick question",                     // Chinese
		"RE: Automatische Antwort: Quick question", // German, answered again
	} {
		in, err := Parse([]byte("From: lea@bureau.test\r\nSubject: " + subject + "\r\n\r\naway"))
		if err != nil {
			t.Fatal(err)
		}
		if in.Auto == "" {
			t.Errorf("%q is not seen as an automatic answer", subject)
		}
	}
	for _, subject := range []string{"Re: Quick question", "AW: Quick question", "SV: Quick question"} {
		if in, _ := Parse([]byte("From: lea@bureau.test\r\nSubject: " + subject + "\r\n\r\nyes")); in.Auto != "" {
			t.Errorf("a person's %q is seen as automatic: %s", subject, in.Auto)
		}
	}
}

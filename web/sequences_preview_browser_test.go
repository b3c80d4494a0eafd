package web_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// chromium finds a Chromium or Chrome binary, "" when there is none.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// The editor shows what the preview answers, in a headless browser: each variant of a
// step labelled (two variants looked like the same step twice), the account it renders
// as, picked from the campaign form's accounts and sent with the preview, with its note
// limit, and the note that the model's text goes instead of the template.
func TestEditorPreviewInBrowser(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("no chromium binary found: browser tests skipped (apt-get install chromium)")
	}
	t.Parallel()
	f := apitest.New(t)
	ctx := context.Background()
	alice, err := f.Store.Account(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	alice.SenderName = "Ann"
	if err := f.Store.UpdateAccount(ctx, alice); err != nil {
		t.Fatal(err)
	}
	// Alice sends her leads' email steps from a mailbox of her own: without it the
	// preview shows the email step as skipped, with no text (an account the step cannot go out from).
	if err := f.Store.SetMailbox(ctx, &paceline.MailboxSettings{Account: "alice", From: "ann@example.com",
		SMTP: "smtps://smtp.example.com:465"}); err != nil {
		t.Fatal(err)
	}
	srv := serveFixture(t, f, func(d *api.Deps) { d.Campaigns = f.Store; d.Reviews = apitest.NewReviews() })

	bctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(bctx,
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()

	// The fixture's review store holds an AI text of step connect for Ada, the first
	// lead the editor offers, of a campaign the editor does not name: it is not shown.
	seq := "name: q1\nsteps:\n" +
		"  - id: connect\n    invite: {note: \"Hi {{first_name}}, glad to connect. {{sender_first_name | default: \\\"The team\\\"}}\"}\n" +
		"    ai: {prompt: \"Mention their role.\", review: true, fields: [first_name, title]}\n" +
		"  - id: mail\n    delay: 5d\n    email:\n      subject: \"Hello {{first_name}}\"\n      variants:\n" +
		"        - {id: plain, body: \"A short hello.\"}\n" +
		"        - {id: custom, subject: \"{{first_name}}, a question\", body: \"A question.\"}\n"
	// preview is what the preview pane shows, waited for until want is in it.
	preview := func(want string) string {
		t.Helper()
		wctx, cancelWait := context.WithTimeout(bctx, 15*time.Second)
		defer cancelWait()
		got, err := chromedp.Run(wctx, chromedp.Poll[string](`(() => { const p = document.getElementById("preview");
			return p.textContent.includes(`+jsString(want)+`) ? p.textContent : ""; })()`, chromedp.WithPollingInterval(50*time.Millisecond)))
		if err != nil {
			shown, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.getElementById("preview").textContent + " | " + document.getElementById("status").textContent`))
			t.Fatalf("the preview never showed %q: %v\nit shows: %s", want, err, shown)
		}
		return got
	}

	if err := chromedp.Do(bctx,
		chromedp.Navigate(srv.URL+"/sequences"),
		chromedp.WaitVisible(chromedp.ID("password")),
		chromedp.SendKeys(chromedp.ID("user"), apitest.User),
		chromedp.SendKeys(chromedp.ID("password"), apitest.Password),
		chromedp.Click(chromedp.ID("login")),
		chromedp.WaitVisible(chromedp.ID("yaml")),
		chromedp.Evaluate[chromedp.Void](`(() => { const y = document.getElementById("yaml"); y.value = `+jsString(seq)+`;
			y.dispatchEvent(new Event("input")); })()`),
	); err != nil {
		t.Fatalf("log in and type a sequence: %v", err)
	}
	// Ada has no email address: the email step is shown skipped, saying why.
	got := preview("Skipped: the lead has no email address")
	for _, want := range []string{
		"Hi Ada, glad to connect. Ann", "As alice (free), signed Ann, notes up to 200 characters: the account given",
		// The editor names no campaign, so no stored AI text is shown (2c35ccd): the
		// note says the model writes it, once approved.
		"the model writes this lead's text", "once a person approves it",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the preview lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "variant plain") {
		t.Errorf("the skipped email step shows its variants:\n%s", got)
	}
	// Grace has one: each variant of the email step is shown, labelled.
	if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById("lead");
		s.value = [...s.options].find(o => o.text.startsWith("Grace")).value; s.dispatchEvent(new Event("change")); })()`)); err != nil {
		t.Fatal(err)
	}
	got = preview("variant custom")
	for _, want := range []string{
		"mail · email · variant plain", "mail · email · variant custom", "one of 2 variants (plain, custom)",
		"Hi Grace, glad to connect. Ann",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the preview for Grace lacks %q:\n%s", want, got)
		}
	}
	headings, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#preview .msg h4")].map(h => h.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(headings, "|") != "connect · invite|mail · email · variant plain|mail · email · variant custom" {
		t.Errorf("box headings: %q", headings)
	}

	// Another account, picked from the campaign form's: its name signs the note and its limit checks it.
	if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById("preview-account");
		s.value = "bob"; s.dispatchEvent(new Event("change")); })()`)); err != nil {
		t.Fatal(err)
	}
	got = preview("As bob")
	if !strings.Contains(got, "notes up to 300 characters") || !strings.Contains(got, "Hi Grace, glad to connect. The team") ||
		!strings.Contains(got, "of 300 characters") {
		t.Errorf("as bob:\n%s", got)
	}

	// Ticking the new campaign's accounts narrows the picker to them.
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`#create-campaign input[value="alice"]`))); err != nil {
		t.Fatal(err)
	}
	preview("As alice")
	offered, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[...document.getElementById("preview-account").options].map(o => o.value)`))
	if err != nil || strings.Join(offered, ",") != "alice" {
		t.Errorf("the picker offers %q (%v) once alice is ticked, want alice only", offered, err)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

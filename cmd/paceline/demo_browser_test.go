package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var screenshots = flag.Bool("screenshots", false, "save screenshots of the dashboard's pages under docs/screenshots")

// lockedBuffer is a bytes.Buffer that a running command writes while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// chromium finds a Chromium or Chrome binary, "" when there is none.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// The real dashboard in a headless browser, on a running demo: log in, mark the
// assisted account's task done, see a gauge per capped kind on every account, type a
// mistake in the sequence editor and see the server's message, and no page logs a
// JavaScript error.
func TestDashboardInBrowser(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("no chromium binary found: browser tests skipped (apt-get install chromium)")
	}
	t.Parallel()
	db := filepath.Join(t.TempDir(), "demo.db")
	var out, errs lockedBuffer
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// The demo at its own speed: a working day passes in under 11 s, so a task offered
	// now is still open while the browser marks it done. Cancelling demoCtx stops it.
	demoCtx, stopDemo := context.WithCancel(ctx)
	defer stopDemo()
	done := make(chan error, 1)
	go func() {
		a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errs, dbPath: db}
		done <- a.runDemo(demoCtx, demoFlags{addr: "127.0.0.1:0", speed: demoSpeed, leads: 800, seed: 1})
	}()
	var base, password string
	for base == "" {
		select {
		case err := <-done:
			t.Fatalf("demo ended early (%v): %s %s", err, out.String(), errs.String())
		case <-time.After(50 * time.Millisecond):
		}
		m := regexp.MustCompile(`Dashboard: (\S+)/\n\s+Login:\s+demo / (\S+)`).FindStringSubmatch(out.String())
		if m != nil {
			base, password = m[1], m[2]
		}
	}
	// Let the simulated Monday morning start (08:30 to about 11:00): the assisted
	// account's first tasks are offered from about 09:00 and expire at 18:00, some
	// seven seconds later.
	time.Sleep(3 * time.Second)

	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()

	var mu sync.Mutex
	var jsErrors []string
	if err := chromedp.Listen(bctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			jsErrors = append(jsErrors, "exception: "+ev.ExceptionDetails.Text+" "+describe(ev.ExceptionDetails.Exception))
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				jsErrors = append(jsErrors, "console.error")
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				jsErrors = append(jsErrors, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		}
	}); err != nil {
		t.Fatalf("start chromium: %v", err)
	}

	shot := func(name string) {
		if !*screenshots {
			return
		}
		png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		dir := filepath.Join("..", "..", "docs", "screenshots")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Log in, landing on the tasks page.
	if err := chromedp.Do(bctx,
		chromedp.Navigate(base+"/tasks"),
		chromedp.WaitVisible(chromedp.ID("password")),
		chromedp.SendKeys(chromedp.ID("user"), "demo"),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("login")),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	); err != nil {
		t.Fatalf("log in: %v", err)
	}
	// The assisted account's first task: mark it done. Tasks are offered when the page
	// is listed, at their slots of the demo's clock (a working day passes in about 9 s
	// of wall time): on a loaded machine the first day may be over before the browser
	// logs in, so the page is loaded again until a slot of the next day comes.
	var err error
	for deadline := time.Now().Add(60 * time.Second); ; {
		waitCtx, cancelWait := context.WithTimeout(bctx, 3*time.Second)
		err = chromedp.Do(waitCtx, chromedp.WaitVisible(chromedp.CSS("article.task button.done")))
		cancelWait()
		if err == nil || time.Now().After(deadline) {
			break
		}
		if err := chromedp.Do(bctx, chromedp.Navigate(base+"/tasks"), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
			t.Fatalf("load the tasks page again: %v", err)
		}
	}
	if err != nil {
		text, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("no task offered to demo-you: %v\npage: %s\ndemo: %s", err, text, out.String())
	}
	shot("tasks")
	taskID, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector("article.task").dataset.task`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS("article.task button.done")),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
	); err != nil {
		t.Fatalf("mark a task done: %v", err)
	}
	if n, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('article.task[data-task="`+taskID+`"]').length`)); err != nil || n != 0 {
		t.Errorf("task %s still listed after done (%d, %v)", taskID, n, err)
	}
	if *screenshots {
		time.Sleep(60 * time.Second) // two more simulated days, for fuller pictures
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/accounts"), chromedp.WaitVisible(chromedp.CSS("svg.gauge"))); err != nil {
		t.Fatal(err)
	}
	// Every account shows a gauge per capped kind: invites and messages at least.
	gauges, err := chromedp.Run(bctx, chromedp.Evaluate[[]int](
		`[...document.querySelectorAll("article.account")].map(a => a.querySelectorAll("svg.gauge").length)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(gauges) != 4 {
		t.Fatalf("accounts shown: %v, want 4", gauges)
	}
	for i, n := range gauges {
		if n < 2 {
			t.Errorf("account %d shows %d gauges, want at least 2", i, n)
		}
	}
	shot("accounts")

	for _, page := range []string{"campaigns", "leads"} {
		if err := chromedp.Do(bctx, chromedp.Navigate(base+"/"+page), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		if page == "leads" { // show one score explanation opened
			if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`(d => d ? (d.open = true) : false)(document.querySelector("details"))`)); err != nil {
				t.Fatal(err)
			}
		}
		shot(page)
	}
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/campaigns")); err != nil {
		t.Fatal(err)
	}
	if n, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.funnel").length`)); err != nil || n == 0 {
		t.Errorf("campaigns page has no funnel (%d, %v)", n, err)
	}
	// Pause the demo campaign with its button, then resume it.
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`#campaign-demo form[action$="/pause"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#campaign-demo form[action$="/start"] button`)),
	); err != nil {
		t.Fatalf("pause the demo campaign: %v", err)
	}
	if tag, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector("#campaign-demo .tag").textContent`)); err != nil || tag != "paused" {
		t.Errorf("after Pause the campaign's tag is %q (%v)", tag, err)
	}
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`#campaign-demo form[action$="/start"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#campaign-demo form[action$="/pause"] button`)),
	); err != nil {
		t.Fatalf("resume the demo campaign: %v", err)
	}

	// The sequence editor: a valid text says so; a mistake shows the server's message
	// with its line; the preview renders for the chosen lead.
	if err := chromedp.Do(bctx,
		chromedp.Navigate(base+"/sequences"),
		chromedp.WaitVisible(chromedp.CSS("#status.ok")),
		chromedp.WaitVisible(chromedp.CSS("#preview .msg")),
	); err != nil {
		t.Fatalf("editor with the default sequence: %v", err)
	}
	shot("sequences")
	if err := chromedp.Do(bctx,
		chromedp.SetValue(chromedp.ID("yaml"), "name: broken\nsteps:\n  - id: hello\n    teleport: {}\n"),
		chromedp.SendKeys(chromedp.ID("yaml"), " "),
		chromedp.WaitVisible(chromedp.CSS("#status.bad")),
		chromedp.WaitVisible(chromedp.CSS("#problems li")),
	); err != nil {
		t.Fatalf("editor with a mistake: %v", err)
	}
	problem, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("#problems li")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(problem, "line 4") {
		t.Errorf("the editor shows %q, want the mistake's line", problem)
	}
	shot("sequence-error")

	// The forecast of the demo's accounts and leads, with its chart.
	if err := chromedp.Do(bctx,
		chromedp.Navigate(base+"/forecast?runs=10&weeks=8"),
		chromedp.WaitVisible(chromedp.CSS(".forecast-chart svg")),
	); err != nil {
		t.Fatalf("forecast: %v", err)
	}
	shot("forecast")

	mu.Lock()
	if len(jsErrors) > 0 {
		t.Errorf("pages logged errors: %v", jsErrors)
	}
	mu.Unlock()
	// Stop the demo and wait for it, so that it does not write to the temporary
	// directory while the test removes it.
	cancelBrowser()
	stopDemo()
	if err := <-done; err != nil {
		t.Errorf("demo: %v %s", err, errs.String())
	}
}

func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	return o.Description
}

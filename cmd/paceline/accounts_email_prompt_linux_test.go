package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// syncBuffer is a bytes.Buffer that a running command and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// openPTY returns a pseudo-terminal pair, or skips the test where there is none.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("unlock pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skipf("pseudo-terminal number: %v", err)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open pseudo-terminal: %v", err)
	}
	return m, s
}

// TestAccountsAddEmailPrompt types both passwords at the prompts of a terminal: they are
// taken, the logins pass, and the terminal never echoes them.
func TestAccountsAddEmailPrompt(t *testing.T) {
	t.Parallel()
	m := startMailServers(t)
	master, tty := openPTY(t)
	defer master.Close()
	var echoed syncBuffer
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			echoed.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()

	db := filepath.Join(t.TempDir(), "p.db")
	args := m.addArgs("ann-mail", "", "")
	for i := 0; i < len(args); i++ { // drop the -env flags: the prompt is the point
		if strings.HasSuffix(args[i], "-password-env") {
			args = append(args[:i], args[i+2:]...)
			i--
		}
	}
	var out, errOut syncBuffer
	code := make(chan int, 1)
	go func() { code <- run(append(args, "--db", db), tty, &out, &errOut) }()

	typeAt := func(prompt, password string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
			if err == nil && strings.Contains(errOut.String(), prompt) && tio.Lflag&unix.ECHO == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no %q prompt with echo off; stderr %q", prompt, errOut.String())
			}
			time.Sleep(5 * time.Millisecond)
		}
		if _, err := master.WriteString(password + "\n"); err != nil {
			t.Fatal(err)
		}
	}
	typeAt("SMTP password for ann@paceline.test at 127.0.0.1:"+strconv.Itoa(m.smtpPort), m.smtpPW)
	typeAt("IMAP password for ann@paceline.test", m.imPW)
	select {
	case c := <-code:
		if c != exitOK {
			t.Fatalf("exit %d: %s", c, errOut.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("accounts add did not finish")
	}
	tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil || tio.Lflag&unix.ECHO == 0 {
		t.Errorf("the terminal's echo was not restored (%v)", err)
	}
	tty.Close()
	master.Close()
	<-readDone
	all := echoed.String() + out.String() + errOut.String()
	if strings.Contains(all, m.smtpPW) || strings.Contains(all, m.imPW) {
		t.Errorf("a typed password was shown: terminal %q, stdout %q, stderr %q", echoed.String(), out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "smtp password  set (sealed)") {
		t.Errorf("add output:\n%s", out.String())
	}
}

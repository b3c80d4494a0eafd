package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// testTimeouts are short enough for the tests to run in well under a second each.
var testTimeouts = httpTimeouts{Header: 150 * time.Millisecond, Request: 250 * time.Millisecond, Idle: 150 * time.Millisecond}

// serveAPI runs the API of a seeded fixture behind newHTTPServer with the timeouts to
// and returns its address.
func serveAPI(t *testing.T, to httpTimeouts) string {
	t.Helper()
	f := apitest.New(t)
	a := api.New(api.Deps{Accounts: f.Store, History: f.Store, Events: f.Store, Leads: f.Store, Users: f.Users,
		Importer: f.Store, UploadIdle: 2 * to.Request, NowFunc: func() time.Time { return apitest.Now }})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(a, to)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// waitClosed reads what the server sends on conn until it closes the connection, and
// returns how long that took; it fails the test when the server still holds the
// connection after limit.
func waitClosed(t *testing.T, conn net.Conn, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	conn.SetReadDeadline(start.Add(limit))
	_, err := io.Copy(io.Discard, conn)
	took := time.Since(start)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the server still held the connection after %s", limit)
	}
	return took
}

// A slow-loris client is cut off: one that sends half a body and waits, one that
// keeps a connection alive and sends nothing more, and one that connects and never
// sends a request. serve and demo used to set only a header timeout, so the first two
// held their connection for good.
func TestHTTPServerCutsOffStalledClients(t *testing.T) {
	t.Parallel()
	addr := serveAPI(t, testTimeouts)
	tests := []struct {
		name  string
		send  func(t *testing.T, conn net.Conn)
		after time.Duration
	}{
		{"half a body", func(t *testing.T, conn net.Conn) {
			body := `{"account": "alice", "type": "replied"}`
			fmt.Fprintf(conn, "POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"+
				"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", apitest.Token, len(body), body[:10])
		}, testTimeouts.Request},
		{"idle after a request", func(t *testing.T, conn net.Conn) {
			fmt.Fprintf(conn, "GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n")
			conn.SetReadDeadline(time.Now().Add(time.Second))
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			if res.StatusCode != http.StatusOK || res.Close {
				t.Fatalf("the first request: %d, close %v; want 200 on a kept-alive connection", res.StatusCode, res.Close)
			}
		}, testTimeouts.Idle},
		{"no request", func(t *testing.T, conn net.Conn) {}, testTimeouts.Header},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			tt.send(t, conn)
			took := waitClosed(t, conn, 2*time.Second)
			if took < tt.after/2 {
				t.Errorf("closed after %s, before the timeout of %s", took, tt.after)
			}
		})
	}
}

// An upload that takes longer than the request timeout but keeps sending is
// imported: it moves its own read deadline on (api.Deps.UploadIdle), which the
// server's request timeout must not override.
func TestHTTPServerLetsASlowUploadFinish(t *testing.T) {
	t.Parallel()
	addr := serveAPI(t, testTimeouts)
	csv := "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
		"Marie,Curie,https://www.linkedin.com/in/marie-curie-slow,,Radium Institute,Head of Research,12 Jan 2026\n" +
		"Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace-slow,ada@engines.example,Analytical Engines,CTO,01 Jan 2026\n"
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/leads/imports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: text/csv\r\nContent-Length: %d\r\n\r\n", apitest.Token, len(csv))
	// Four pieces, each well within the upload's idle time, the whole longer than
	// the request timeout.
	start := time.Now()
	step := (len(csv) + 3) / 4
	for i := 0; i < len(csv); i += step {
		time.Sleep(testTimeouts.Request / 3)
		if _, err := io.WriteString(conn, csv[i:min(i+step, len(csv))]); err != nil {
			t.Fatalf("the server cut the upload off after %s: %v", time.Since(start), err)
		}
	}
	if took := time.Since(start); took <= testTimeouts.Request {
		t.Fatalf("the upload took %s, not longer than the request timeout %s: the test proves nothing", took, testTimeouts.Request)
	}
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the slow upload got no answer: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("slow upload: %d %s, want 202", res.StatusCode, strings.TrimSpace(string(body)))
	}
}

// A request that runs longer than the request timeout (a forecast may run a minute)
// keeps its context and gets its answer: the timeout bounds reading the request, not
// the handler.
func TestHTTPServerLetsALongRequestFinish(t *testing.T) {
	t.Parallel()
	run := 2 * testTimeouts.Request
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(run):
			io.WriteString(w, "done")
		case <-r.Context().Done():
			http.Error(w, "canceled", http.StatusServiceUnavailable)
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(h, testTimeouts)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	for _, method := range []string{"GET", "POST"} {
		req, _ := http.NewRequest(method, "http://"+ln.Addr().String()+"/", strings.NewReader(`{"runs": 100}`))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || string(body) != "done" {
			t.Errorf("%s running %s: %d %s, want 200 done", method, run, res.StatusCode, body)
		}
	}
}

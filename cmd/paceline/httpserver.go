package main

import (
	"net/http"
	"time"
)

// httpTimeouts bound how long a client may hold a connection without doing its part,
// so that a slow or stalled client (a slow-loris) is cut off instead of holding a
// connection and its goroutine for good.
//
// There is no write timeout on purpose: net/http counts it from the end of the
// request's headers, across the handler, so it would cut a forecast (which may run
// api.ForecastTimeout) and the answer to a large lead upload (read inside its handler
// for as long as it keeps sending).
type httpTimeouts struct {
	// Header bounds reading a request's line and headers, and a new connection's
	// wait for its first request.
	Header time.Duration
	// Request bounds reading a whole request, body included. A lead upload moves the
	// connection's read deadline on as it reads (api.Deps.UploadIdle), so a large file
	// may take longer as long as it keeps sending.
	Request time.Duration
	// Idle bounds a kept-alive connection's wait for its next request; without it
	// net/http waits for ever.
	Idle time.Duration
}

// serverTimeouts are serve's and demo's: an API request or a dashboard form is a few
// kilobytes (a megabyte at most), so half a minute is generous for one.
func serverTimeouts() httpTimeouts {
	return httpTimeouts{Header: 10 * time.Second, Request: 30 * time.Second, Idle: 2 * time.Minute}
}

// newHTTPServer is the server of serve and demo, with the handler h and timeouts t.
func newHTTPServer(h http.Handler, t httpTimeouts) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: t.Header, ReadTimeout: t.Request, IdleTimeout: t.Idle}
}

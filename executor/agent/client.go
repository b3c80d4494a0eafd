package agent

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/paceline/paceline"
)

// Client speaks the protocol to a paceline server: what an agent written in Go uses.
type Client struct {
	// BaseURL is the server's address, such as http://localhost:8080.
	BaseURL string
	Token   string
	HTTP    *http.Client
}

// Lease leases the account's next due action; ok is false when nothing is due.
func (c *Client) Lease(ctx context.Context, account string) (l Lease, ok bool, err error) {
	status, err := c.post(ctx, "lease", LeaseRequest{Account: account}, &l)
	return l, err == nil && status == http.StatusOK, err
}

// Report sends an action's outcome.
func (c *Client) Report(ctx context.Context, id int64, req OutcomeRequest) (OutcomeResponse, error) {
	var out OutcomeResponse
	_, err := c.post(ctx, fmt.Sprintf("actions/%d/outcome", id), req, &out)
	return out, err
}

// post sends body as JSON and decodes a 200 answer into out; an error answer becomes
// a *paceline.Error with the server's code and message.
func (c *Client) post(ctx context.Context, path string, body, out any) (int, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(c.BaseURL, "/")+Prefix+path, bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.Token)
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, paceline.Errorf(paceline.EUNAVAILABLE, "reach paceline at %s: %v", c.BaseURL, err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(out); err != nil {
			return resp.StatusCode, fmt.Errorf("read the answer to %s: %w", path, err)
		}
		return resp.StatusCode, nil
	case http.StatusNoContent:
		return resp.StatusCode, nil
	}
	var e ErrorBody
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&e); err != nil || e.Error.Code == "" {
		return resp.StatusCode, paceline.Errorf(paceline.EINTERNAL, "paceline answered %s to %s", resp.Status, path)
	}
	return resp.StatusCode, &paceline.Error{Code: e.Error.Code, Message: e.Error.Message}
}

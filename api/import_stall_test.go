package api_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paceline/paceline/api"
	"github.com/paceline/paceline/api/apitest"
)

// An upload that stops sending is dropped after Deps.UploadIdle and gives the import
// slot back: one import runs at a time, and a client that sent half a file and
// waited used to hold the slot, and every other upload got 409, for good.
func TestStalledUploadGivesTheSlotBack(t *testing.T) {
	t.Parallel()
	f := apitest.New(t)
	a := api.New(api.Deps{Accounts: f.Store, Leads: f.Store, Users: f.Users, Importer: f.Store,
		UploadIdle: 200 * time.Millisecond})
	srv := httptest.NewServer(a)
	t.Cleanup(srv.Close)

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	half := uploadCSV[:len(uploadCSV)/2]
	fmt.Fprintf(conn, "POST /api/v1/leads/imports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: text/csv\r\nContent-Length: %d\r\n\r\n%s", apitest.Token, len(uploadCSV), half)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the stalled upload got no answer: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "sent nothing for 200ms") {
		t.Errorf("stalled upload: %d %s", res.StatusCode, body)
	}

	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/leads/imports", strings.NewReader(uploadCSV))
	req.Header.Set("Authorization", "Bearer "+apitest.Token)
	req.Header.Set("Content-Type", "text/csv")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("an upload after the stalled one: %d %s", res.StatusCode, body)
	}
	var st api.ImportStatus
	decodeJSON(t, string(body), &st)
	waitImport(t, a, st.ID)
}

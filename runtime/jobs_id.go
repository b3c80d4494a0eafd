package runtime

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"strconv"
	"strings"
)

// maxClientHost is how much of the host name a client ID keeps: River refuses an ID
// over 100 characters.
const maxClientHost = 60

// clientID names this process's River client: host, process ID and a random suffix.
// River's default, host and start time to the microsecond, is shared by two workers
// started in the same microsecond on one host, and a PostgreSQL worker's presence lock
// is named by it, so the second was refused at start ("another process already runs
// as worker ..."). Like River's, it holds only letters, digits and underscores.
func clientID() string {
	host, _ := os.Hostname()
	var b [8]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand panics rather than fail)
	return clientIDOf(host, os.Getpid(), hex.EncodeToString(b[:]))
}

// clientIDOf is clientID for a given host, process ID and suffix.
func clientIDOf(host string, pid int, suffix string) string {
	host = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			return r
		}
		return '_'
	}, host)
	if host == "" {
		host = "unknown_host"
	}
	if len(host) > maxClientHost {
		host = host[:maxClientHost]
	}
	return host + "_" + strconv.Itoa(pid) + "_" + suffix
}

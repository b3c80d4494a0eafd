package linkedinexport

import (
	"fmt"
	"io"
	"time"
)

// Rows are the parsed contents of an archive's files, before matching.
type Rows struct {
	// Files says where each file was read from ("" when the archive lacks it).
	Files       [numFiles]string
	Connections []Connection
	Invitations []Invitation
	Messages    []Message
	// Unmatched are the rows the parsers could not read.
	Unmatched []Unmatched
}

// Read parses the files the archive holds. loc is the archive owner's time zone, in
// which Connections.csv and Invitations.csv write their local dates (nil means UTC);
// messages.csv is in UTC. A file that cannot be parsed fails the whole read: matching
// half a file would report events as missing that are not.
func Read(a *Archive, loc *time.Location) (*Rows, error) {
	rows := &Rows{}
	for f := File(0); f < numFiles; f++ {
		if !a.Has(f) {
			continue
		}
		rows.Files[f] = a.Name(f)
		if err := rows.read(a, f, loc); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

func (rows *Rows) read(a *Archive, f File, loc *time.Location) error {
	rc, err := a.Open(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	name := a.Name(f)
	var bad []Unmatched
	switch f {
	case Connections:
		rows.Connections, bad, err = ReadConnections(rc, name, loc)
	case Invitations:
		rows.Invitations, bad, err = ReadInvitations(rc, name, loc)
	case Messages:
		rows.Messages, bad, err = ReadMessages(rc, name)
	}
	if err != nil {
		return err
	}
	// Drain what the parser left (nothing, normally), so a broken zip member still
	// fails on its checksum instead of passing unnoticed.
	if _, err := io.Copy(io.Discard, rc); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	rows.Unmatched = append(rows.Unmatched, bad...)
	return nil
}

package main

import (
	"io"
	"text/tabwriter"
)

// newTable lines up the tab-separated cells written to it in columns two spaces
// apart, flushed to w: every table and label-and-value listing of the CLI looks alike.
func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
}

//go:build !unix

package main

// holdFile cannot tell here whether another process builds the file: it reports it
// held, so that no import removes another's database (leads_import_new_lock_unix.go).
func holdFile(path string) (release func(), ok bool) { return nil, false }

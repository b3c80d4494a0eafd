//go:build unix

package main

import (
	"os"
	"syscall"
)

// holdFile takes an exclusive flock on the file at path, which an import holds on the
// database it builds for as long as it runs, and returns what releases it. ok is false
// when another process holds it.
func holdFile(path string) (release func(), ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, false
	}
	return func() { f.Close() }, true
}

//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package main

import (
	"errors"
	"os"
)

// isTTY is false where paceline cannot turn echo off: the password must then come
// from --smtp-password-env / --imap-password-env.
func isTTY(*os.File) bool { return false }

func readHidden(*os.File) (string, error) {
	return "", errors.New("no password prompt on this system")
}

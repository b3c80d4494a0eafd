package api

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/paceline/paceline"
)

// decode reads exactly one JSON value from the request body into dst: at most
// Deps.MaxBody bytes, no unknown field, no wrong type, nothing after the value. Every
// refusal is a clear 4xx error and happens before the handler changes anything.
func (a *API) decode(w http.ResponseWriter, r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return paceline.Errorf(codeUnsupported, "the body must be JSON (send Content-Type: application/json), not %q", ct)
		}
	}
	body := http.MaxBytesReader(w, r.Body, a.deps.maxBody())
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err, a.deps.maxBody())
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err != nil {
			return jsonError(err, a.deps.maxBody())
		}
		return paceline.Errorf(paceline.EINVALID, "the body holds more than one JSON value (send one object)")
	}
	return nil
}

// decodeOptional is decode for a body the call may go without: none at all, or an
// empty one sent chunked (no Content-Length, as some clients send a bodiless POST),
// leaves dst as it is.
func (a *API) decodeOptional(w http.ResponseWriter, r *http.Request, dst any) error {
	if r.ContentLength == 0 {
		return nil
	}
	br := bufio.NewReader(r.Body)
	if _, err := br.Peek(1); errors.Is(err, io.EOF) {
		return nil
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{br, r.Body}
	return a.decode(w, r, dst)
}

// jsonError turns a decoding failure into a sentence that says what is wrong and where.
func jsonError(err error, limit int64) error {
	var (
		syntax   *json.SyntaxError
		typ      *json.UnmarshalTypeError
		tooLarge *http.MaxBytesError
	)
	switch {
	case errors.As(err, &tooLarge):
		return paceline.Errorf(codeTooLarge, "the body is larger than %d bytes (send less)", limit)
	case errors.Is(err, io.EOF):
		return paceline.Errorf(paceline.EINVALID, "the body is empty (send a JSON object)")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return paceline.Errorf(paceline.EINVALID, "the body ends in the middle of a JSON value")
	case errors.As(err, &syntax):
		return paceline.Errorf(paceline.EINVALID, "the body is not valid JSON at byte %d: %s", syntax.Offset, syntax.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return paceline.Errorf(paceline.EINVALID, "the body is a JSON %s where an object is expected", typ.Value)
		}
		return paceline.FieldErrorf(field, "is a JSON %s, want %s", typ.Value, typeName(typ.Type.String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.TrimPrefix(err.Error(), "json: unknown field ")
		return paceline.Errorf(paceline.EINVALID, "unknown field %s (see /api/v1/openapi.json for the fields this call takes)", name)
	}
	return paceline.Errorf(paceline.EINVALID, "the body cannot be read as JSON: %v", err)
}

func typeName(goType string) string {
	switch {
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"):
		return "an integer"
	case strings.HasPrefix(goType, "float"):
		return "a number"
	case goType == "string", goType == "time.Time":
		return "a string"
	case goType == "bool":
		return "true or false"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	}
	return fmt.Sprintf("a %s", goType)
}

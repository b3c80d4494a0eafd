package lead

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/paceline/paceline"
)

// sniffSize is how much of the input is looked at to tell its encoding, its preamble,
// its header line and its delimiter.
const sniffSize = 64 << 10

// Encodings the reader tells apart and decodes to UTF-8.
const (
	EncodingUTF8        = "utf-8"
	EncodingUTF8BOM     = "utf-8-bom"
	EncodingUTF16LE     = "utf-16le"
	EncodingUTF16BE     = "utf-16be"
	EncodingWindows1252 = "windows-1252"
)

// decodeText wraps r so that it yields UTF-8, telling the encoding from a byte order
// mark or, without one, from the first 64 KiB:
//   - a BOM says UTF-8, UTF-16 LE or UTF-16 BE (Excel's "Unicode text" is UTF-16 LE
//     with a BOM);
//   - no BOM and NUL bytes in every other position says UTF-16 without a BOM;
//   - other NUL bytes, many control characters or a known binary signature (zip,
//     xlsx, xls, pdf, gzip) is a binary file and refused;
//   - text that is not valid UTF-8 but has no control characters is read as
//     Windows-1252, which is what Excel writes for "CSV (comma delimited)" in western
//     locales.
func decodeText(r io.Reader) (*bufio.Reader, string, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, "", fmt.Errorf("read input: %w", err)
	}
	switch {
	case len(head) == 0:
		return nil, "", paceline.Errorf(paceline.EINVALID, "the file is empty; export the list again with its header line")
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		if _, err := br.Discard(3); err != nil {
			return nil, "", fmt.Errorf("skip byte order mark: %w", err)
		}
		return checkedUTF8(br, EncodingUTF8BOM)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return utf16Reader(br, unicode.LittleEndian, unicode.ExpectBOM, EncodingUTF16LE)
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return utf16Reader(br, unicode.BigEndian, unicode.ExpectBOM, EncodingUTF16BE)
	}
	if kind := binarySignature(head); kind != "" {
		return nil, "", paceline.Errorf(paceline.EINVALID, "the file is %s, not CSV text; open it and save it as \"CSV UTF-8\"", kind)
	}
	if bytes.IndexByte(head, 0) >= 0 {
		if order, ok := utf16WithoutBOM(head); ok {
			return utf16Reader(br, order, unicode.IgnoreBOM, map[unicode.Endianness]string{
				unicode.LittleEndian: EncodingUTF16LE, unicode.BigEndian: EncodingUTF16BE}[order])
		}
		return nil, "", binaryError()
	}
	if controlShare(head) > 0.01 {
		return nil, "", binaryError()
	}
	if !utf8.Valid(trimPartialRune(head)) {
		if highShare(head) > 0.3 {
			return nil, "", binaryError() // western text in Windows-1252 is mostly ASCII
		}
		return bufio.NewReaderSize(transform.NewReader(br, charmap.Windows1252.NewDecoder()), sniffSize), EncodingWindows1252, nil
	}
	return br, EncodingUTF8, nil
}

func binaryError() error {
	return paceline.Errorf(paceline.EINVALID, "the file looks binary (NUL or control bytes, or runs of bytes that are not text), not CSV; export the list as CSV")
}

// checkedUTF8 refuses a file that claims UTF-8 with a BOM but is binary after it.
func checkedUTF8(br *bufio.Reader, enc string) (*bufio.Reader, string, error) {
	head, _ := br.Peek(sniffSize)
	if bytes.IndexByte(head, 0) >= 0 || controlShare(head) > 0.01 {
		return nil, "", binaryError()
	}
	return br, enc, nil
}

func utf16Reader(br *bufio.Reader, order unicode.Endianness, bom unicode.BOMPolicy, name string) (*bufio.Reader, string, error) {
	dec := unicode.UTF16(order, bom).NewDecoder()
	out := bufio.NewReaderSize(transform.NewReader(br, dec), sniffSize)
	head, err := out.Peek(sniffSize)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, "", fmt.Errorf("read %s input: %w", name, err)
	}
	if bytes.IndexByte(head, 0) >= 0 || controlShare(head) > 0.01 {
		return nil, "", binaryError()
	}
	return out, name, nil
}

// utf16WithoutBOM tells UTF-16 text without a byte order mark: mostly-ASCII text has a
// NUL in nearly every odd (LE) or even (BE) byte and almost none in the others.
func utf16WithoutBOM(head []byte) (unicode.Endianness, bool) {
	var even, odd int
	n := len(head) &^ 1
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case pairs < 2:
		return unicode.LittleEndian, false
	case odd*10 >= pairs*7 && even*50 <= pairs:
		return unicode.LittleEndian, true
	case even*10 >= pairs*7 && odd*50 <= pairs:
		return unicode.BigEndian, true
	default:
		return unicode.LittleEndian, false
	}
}

// binarySignature names the file kinds people most often pass by mistake.
func binarySignature(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "a zip archive (an .xlsx workbook?)"
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "an old Excel .xls workbook"
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "a PDF"
	case bytes.HasPrefix(head, []byte{0x1F, 0x8B}):
		return "gzip-compressed; decompress it first"
	default:
		return ""
	}
}

// controlShare is the share of bytes that are C0 control characters other than tab,
// CR, LF and form feed: text has none, binary data has many.
func controlShare(b []byte) float64 {
	if len(b) == 0 {
		return 0
	}
	n := 0
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7F {
			n++
		}
	}
	return float64(n) / float64(len(b))
}

// highShare is the share of bytes at or above 0x80.
func highShare(b []byte) float64 {
	if len(b) == 0 {
		return 0
	}
	n := 0
	for _, c := range b {
		if c >= 0x80 {
			n++
		}
	}
	return float64(n) / float64(len(b))
}

// trimPartialRune cuts an incomplete UTF-8 sequence off the end of a window.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < utf8.RuneSelf {
			return b
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			return b
		}
	}
	return b
}

package sequence

import (
	"os"
	"strings"
	"testing"
)

// docsBlock returns the first ```yaml block after the heading in the markdown file,
// failing the test when there is none: a renamed heading must not turn the check off.
func docsBlock(t *testing.T, path, heading string) []byte {
	t.Helper()
	md, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(md), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("%s has no heading %q", path, heading)
	}
	_, block, ok := strings.Cut(after, "```yaml\n")
	if !ok {
		t.Fatalf("%s: no yaml block under %q", path, heading)
	}
	block, _, ok = strings.Cut(block, "```")
	if !ok {
		t.Fatalf("%s: the yaml block under %q is not closed", path, heading)
	}
	return []byte(block)
}

// The sequence docs/personalisation.md shows under "In a sequence" is one a user can
// copy: it had no name:, so every command refused it.
func TestDocsPersonalisationSequenceExample(t *testing.T) {
	t.Parallel()
	src := docsBlock(t, "../docs/personalisation.md", "### In a sequence")
	seq, err := Parse(src)
	if err != nil {
		t.Fatalf("the example is refused: %v\n%s", err, src)
	}
	if err := Validate(seq, Options{NoteMaxChars: 300}); err != nil {
		t.Errorf("the example does not validate for a paid account: %v", err)
	}
	if err := Validate(seq, Options{NoteMaxChars: 200}); err != nil {
		t.Errorf("the example does not validate for a free account: %v", err)
	}
}

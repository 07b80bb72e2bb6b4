package decks

import (
	"bytes"
	"strings"
	"testing"
)

// TestReportOneWord: a one-word part is "(1 word)", not "(1 words)".
func TestReportOneWord(t *testing.T) {
	src := "id: one\ntitle: One\nsections:\n  result:\n    example: Pages fell from 40 to 4.\n    coaching: Quantify.\n"
	s, pos, err := ParseWithPositions([]byte(src), "one.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteReport(&b, "one.yaml", s, pos, nil); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "coaching (1 word)") || !strings.Contains(out, "example (6 words)") {
		t.Fatalf("report:\n%s", out)
	}
	if strings.Contains(out, "1 words") {
		t.Fatalf("report says \"1 words\":\n%s", out)
	}
}

package export

import (
	"strings"
	"testing"
)

func TestFieldChecksum(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint32
	}{
		{"test", 2840236005},
		{"今日", 1464653051},
		{"", 0xda39a3ee}, // sha1("") = da39a3ee…
	} {
		if got := fieldChecksum(tc.in); got != tc.want {
			t.Errorf("fieldChecksum(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestStripHTMLPreservingMedia(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"a<br>b", "ab"},
		{"<b>bold</b> &amp; &lt;tag&gt;", "bold & <tag>"},
		{`x<img src="pic.jpg">y`, "x pic.jpg y"},
		{`<img class=a src='b c.png' alt=x>`, " b c.png "},
		{"<!-- c -->a<style>p{}</style>b<script>x()</script>c", "abc"},
		{"&#123;&#123;c1&#58;&#58;x&#125;&#125;", "{{c1::x}}"},
		{"&#x41;&#9;", "A\t"},
		{"a&nbsp;b", "a b"},
		{"raw\u00a0nbsp", "raw\u00a0nbsp"}, // no '&': not decoded, nbsp kept
		{"bare & amp", "bare & amp"},       // malformed: left as is
		{"&amp; &bogus;", "&amp; &bogus;"}, // unknown entity: whole text undecoded
		{"&#xD800;", "&#xD800;"},
		{"&;", "&;"},
	} {
		if got := stripHTMLPreservingMedia(tc.in); got != tc.want {
			t.Errorf("strip(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEscapeHTML(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a & b", "a &amp; b"},
		{`<script>"x"</script>`, "&lt;script&gt;&quot;x&quot;&lt;/script&gt;"},
		{"{{c1::x}}", "&#123;&#123;c1&#58;&#58;x&#125;&#125;"},
		{"Result: 40%", "Result: 40%"},
		{"a:::b", "a&#58;&#58;&#58;b"},
		{"[sound:x.mp3]", "&#91;sound:x.mp3]"},
		{"it's", "it&#39;s"},
		{"line\nnext\ttab", "line<br>next&#9;tab"},
		{"sep\x1fnul\x00del\x7fcr\r\nlf", "sepnuldelcr<br>lf"},
		{"lone\rcr", "lone<br>cr"},
		{"bad \xff byte", "bad \ufffd byte"},
		{"emoji 🚀 שלום", "emoji 🚀 שלום"},
	} {
		if got := fieldHTML(tc.in); got != tc.want {
			t.Errorf("fieldHTML(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestEscapeRoundTrip: what Anki extracts from an escaped field (its csum
// and sort text) is the cleaned text without its line breaks.
func TestEscapeRoundTrip(t *testing.T) {
	for _, s := range []string{
		"plain", "a & b <c> \"d\" 'e'", "{{c1::x::y}} {{Front}} }} {{", "::a:::b::", "[sound:x] [$]y[/$]",
		"tab\there", "multi\nline\r\ntext", "😀 مرحبا עברית", strings.Repeat("big ", 30000), "ctrl\x01\x1f\x7f",
	} {
		want := strings.ReplaceAll(cleanText(s), "\n", "")
		if got := stripHTMLPreservingMedia(normalizeField(fieldHTML(s))); got != want {
			t.Errorf("round trip of %q = %q", s[:min(len(s), 40)], got[:min(len(got), 40)])
		}
	}
}

func TestClozeText(t *testing.T) {
	for _, tc := range []struct {
		name, text, phrases string
		want                string
		n                   int
	}{
		{"OK", "I added a retry queue.", "retry queue", "I added a {{c1::retry queue}}.", 1},
		{"CaseInsensitive", "We Cut Latency by 40%.", "cut latency\n40%", "We {{c1::Cut Latency}} by {{c2::40%}}.", 2},
		{"OrderByPosition", "alpha beta gamma", "gamma\nalpha", "{{c2::alpha}} beta {{c1::gamma}}", 2},
		{"Missing", "The text.", "text\n$8,000 recovered", "The {{c1::text}}.<br><br>Also: {{c2::$8,000 recovered}}", 2},
		{"SeveralMissing", "x", "a\nb", "x<br><br>Also: {{c1::a}}; {{c2::b}}", 2},
		{"Overlap", "retry queue", "retry queue\nqueue", "{{c1::retry queue}}<br><br>Also: {{c2::queue}}", 2},
		{"RepeatedPhrase", "go go", "go\ngo", "{{c1::go}} {{c2::go}}", 2},
		{"BlankLines", "a b", "\n a \n\n", "{{c1::a}} b", 1},
		{"NoPhrases", "whole text", "", "{{c1::whole text}}", 1},
		{"Empty", "", "", "", 0},
		{"SyntaxInText", "{{c1::x}} and y::z", "y::z", "&#123;&#123;c1&#58;&#58;x&#125;&#125; and {{c1::y&#58;&#58;z}}", 1},
		{"SyntaxInPhrase", "a", "{{c9::b}}", "a<br><br>Also: {{c1::&#123;&#123;c9&#58;&#58;b&#125;&#125;}}", 1},
		{"ColonInCloze", "Result: done", "Result:", "{{c1::Result&#58;}} done", 1},
		{"HTMLInText", "<b>x</b>", "x", "&lt;b&gt;{{c1::x}}&lt;/b&gt;", 1},
		{"Unicode", "Straße ÉCOLE", "strasse\nécole", "Straße {{c2::ÉCOLE}}<br><br>Also: {{c1::strasse}}", 2},
		{"Newlines", "one\ntwo", "two", "one<br>{{c1::two}}", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, n := clozeText(tc.text, tc.phrases)
			if got != tc.want || n != tc.n {
				t.Errorf("clozeText(%q, %q)\n got %q, %d\nwant %q, %d", tc.text, tc.phrases, got, n, tc.want, tc.n)
			}
			if nums := clozeNumbers(got); len(nums) != tc.n {
				t.Errorf("%d cloze numbers in %q, want %d", len(nums), got, tc.n)
			}
		})
	}
}

func TestDeckComponent(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Webhook drop rate", "Webhook drop rate"},
		{"A::B", "A:B"},
		{"A:::::B", "A:B"},
		{"::lead and trail::", "lead and trail"},
		{"tab\there\nnew", "tab here new"},
		{"  ", "Untitled"},
		{"::", "Untitled"},
		{`Quote "x"`, `Quote "x"`},
	} {
		if got := deckComponent(tc.in); got != tc.want {
			t.Errorf("deckComponent(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTagValue(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Bias for Action", "Bias_for_Action"},
		{"  SDE  2 ", "SDE_2"},
		{"a::b", "a:b"},
		{`say "hi"`, "say_hi"},
		{"::x::", "x"},
		{"tab\tnew\nline", "tab_new_line"},
		{"", ""},
	} {
		if got := tagValue(tc.in); got != tc.want {
			t.Errorf("tagValue(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

package decks

import (
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Why didn't you escalate?", "why-didnt-you-escalate"},
		{"Café résumé", "cafe-resume"},
		{"CAFÉ RÉSUMÉ", "cafe-resume"},
		{"Cafe\u0301", "cafe"}, // decomposed
		{"Straße, Æsir, Øre, Łódź", "strasse-aesir-ore-lodz"},
		{"İstanbul", "istanbul"},
		{"Как вы узнали о проблеме?", "как-вы-узнали-о-проблеме"},
		{"Чей это был сервис — ваш?", "чей-это-был-сервис-ваш"},
		{"Йогурт", "йогурт"}, // й keeps its breve
		{"Ελληνικά ΚΕΦΑΛΑΙΑ", "ελληνικά-κεφαλαια"},
		{"日本の チーム", "日本の-チーム"},
		{"हिंदी प्रश्न", "हिंदी-प्रश्न"}, // vowel signs kept
		{"0.3% to zero", "0-3-to-zero"},
		{"  --  ", ""},
		{"🎉🎉", ""},
		{"", ""},
		{strings.Repeat("word ", 20), "word-word-word-word-word-word-word-word-word"},
		{strings.Repeat("я", 60), strings.Repeat("я", 48)},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := Slug(tc.in)
			if got != tc.want {
				t.Errorf("Slug(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if got != "" && !validID(got) {
				t.Errorf("Slug(%q) = %q is not a valid id", tc.in, got)
			}
			if Slug(got) != got {
				t.Errorf("Slug(Slug(%q)) = %q, want %q (idempotent)", tc.in, Slug(got), got)
			}
		})
	}
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"webhook-drop-rate": true, "a_b": true, "x1": true, "как-вы": true, "日本": true, "हिंदी": true,
		"": false, "-a": false, "_a": false, "Aa": false, "Как": false, "a b": false, "a/b": false,
		strings.Repeat("a", 64): true, strings.Repeat("a", 65): false, strings.Repeat("я", 64): true,
	} {
		if got := validID(id); got != want {
			t.Errorf("validID(%q) = %v, want %v", id, got, want)
		}
	}
}

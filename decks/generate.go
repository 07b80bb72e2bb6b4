package decks

import (
	"fmt"
	"strings"
)

// GenerateStory returns the i-th of a family of realistic synthetic story
// files, for benchmarks and load tests: five sections with phrases,
// coaching and mistakes, four follow-ups, three quizzes, two reflections,
// three angles and two levels — 44 cards, about as many as the sample.
func GenerateStory(i int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "id: story-%04d\ntitle: Story number %d about a webhook drop rate\n", i, i)
	b.WriteString("question: Tell me about a time speed of execution was the key to success\n")
	b.WriteString("principles: [Bias for Action, Ownership, Dive Deep]\nrole: SDE2\nsections:\n")
	// Key phrases per section as a real story has them: most in the
	// Situation and the Action, none in the Reflection (8 stories make
	// about 250 cards, issue 12's "about 230").
	phrases := map[string]string{
		"situation":  `"I noticed", "no ticket", "nobody asked"`,
		"task":       `"I decided to act"`,
		"action":     `"I noticed", "I decided to act"`,
		"result":     `"no ticket"`,
		"reflection": "",
	}
	for _, s := range []string{"situation", "task", "action", "result", "reflection"} {
		fmt.Fprintf(&b, "  %s:\n    target: 30s\n", s)
		fmt.Fprintf(&b, "    example: While working as an SDE2, I noticed a persistent 0.%d%% webhook delivery drop rate in the Platform team's payment service. No ticket was filed and nobody asked me to investigate, so I decided to act.\n", i%10)
		if phrases[s] != "" {
			fmt.Fprintf(&b, "    phrases: [%s]\n", phrases[s])
		}
		b.WriteString("    coaching: Keep the situation concise and focused on the problem context and ownership gap.\n")
		b.WriteString("    mistake: Spending 90 seconds on system architecture before reaching the problem.\n")
	}
	b.WriteString("reflections:\n  SDE2: I learned to debug race conditions in retries.\n  Senior: The root cause was the absence of a shared reliability SLO.\n")
	b.WriteString("followups:\n")
	for j := 0; j < 4; j++ {
		fmt.Fprintf(&b, "  - question: Follow-up question %d about escalation and ownership?\n    probes: Ownership\n    weak: I sent a Slack message.\n    weak_why: Routing, not ownership.\n    strong: I brought a complete fix, not just a problem report.\n    key: I brought a solution.\n", j)
	}
	b.WriteString("weak_answer:\n  text: I told the Platform team and they fixed it.\n  flaws: [no ownership, no numbers]\n  verdict: Leaning No Hire.\n")
	b.WriteString("quizzes:\n")
	for j := 0; j < 3; j++ {
		fmt.Fprintf(&b, "  - question: Quiz %d, which phrase signals ownership?\n    options: [I noticed and acted, My manager asked, We did it, I escalated]\n    answer: 0\n    explanation: First person and self-initiated.\n", j)
	}
	b.WriteString("angles:\n")
	for _, p := range []string{"Bias for Action", "Ownership", "Dive Deep"} {
		fmt.Fprintf(&b, "  - principle: %s\n    lead: Lead with the outcome.\n    emphasize: Initiative.\n    downplay: Team effort.\n", p)
	}
	b.WriteString("levels:\n  - {level: SDE 1, focus: The fix., reflection: I learned a lot about retries., bar: Basic ownership., time: 2m}\n")
	b.WriteString("  - {level: Senior SDE, focus: Org gaps., reflection: Shared SLOs., bar: Systemic insight., time: 3m}\n")
	return []byte(b.String())
}

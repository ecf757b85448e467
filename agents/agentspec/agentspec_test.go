package agentspec

import "testing"

func TestCheck(t *testing.T) {
	for _, ok := range []string{"rules", "llm", "llm:gpt-4o-mini", "command:./fix.py,--fast", "predictions:out/fixes"} {
		if err := Check(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "rule", "command", "command:", "predictions:", "gpt-4o"} {
		if err := Check(bad); err == nil {
			t.Errorf("%q is accepted", bad)
		}
	}
}

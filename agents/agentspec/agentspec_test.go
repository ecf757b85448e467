package agentspec

import (
	"strings"
	"testing"

	"erosion/agents/command"
)

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

// The help names every kind Check accepts, and the topic adds the command
// agents' protocol.
func TestHelpNamesEveryKind(t *testing.T) {
	for _, kind := range []string{"rules", "llm[:MODEL]", "command:PROGRAM[,ARG...]", "predictions:FOLDER"} {
		if !strings.Contains(Help, "\n    "+kind+" ") {
			t.Errorf("Help does not list %s", kind)
		}
		if err := Check(strings.NewReplacer("[:MODEL]", "", "PROGRAM[,ARG...]", "./fix", "FOLDER", "out").Replace(kind)); err != nil {
			t.Errorf("%s: %v", kind, err)
		}
	}
	if topic := Topic(); !strings.HasPrefix(topic, Help+"\n\n") || !strings.HasSuffix(topic, command.Protocol) {
		t.Error("Topic is not Help then the protocol")
	}
}

// Package agentspec builds the agent an --agent value names: rules,
// llm[:model], command:<program>[,args] or predictions:<folder>.
package agentspec

import (
	"fmt"
	"strings"
	"time"

	"erosion/agents"
	"erosion/agents/command"
	"erosion/agents/llm"
	"erosion/agents/predictions"
	"erosion/agents/rules"
	"erosion/harness"
	"erosion/harness/envs"
)

// Options configure the agents that take settings.
type Options struct {
	CommandEnv     []string      // variables a command agent may see: NAME or NAME=value
	CommandTimeout time.Duration // per fix, for command agents
}

// Kinds are the agent kinds New knows, as --agent spells them.
var Kinds = []string{"rules", "llm[:model]", "command:<program>[,args]", "predictions:<folder>"}

// Check refuses a spec that names no agent kind, before anything runs
// (New makes the agent once its environment is ready).
func Check(spec string) error {
	kind, arg, _ := strings.Cut(spec, ":")
	switch kind {
	case "rules", "llm":
		return nil
	case "command", "predictions":
		if arg != "" {
			return nil
		}
	}
	return fmt.Errorf("--agent %q: use rules, llm[:MODEL], command:PROGRAM[,ARG...] or predictions:FOLDER", spec)
}

// New builds the agent spec names, for environment env (whose image the
// rules agent runs its rewriter in, on driver d).
func New(spec string, d harness.Driver, env *envs.Inventory, o Options) (agents.Agent, error) {
	kind, arg, _ := strings.Cut(spec, ":")
	switch kind {
	case "rules":
		return rules.LoopAgent{Agent: &rules.Agent{Driver: d, Image: env.Ref, Timeout: 2 * time.Minute, Warm: true}}, nil
	case "llm":
		cfg, err := llm.ConfigFromEnv()
		if arg != "" {
			cfg.Model = arg
			err = nil
		}
		if err != nil {
			return nil, err
		}
		return llm.New(cfg)
	case "command":
		if arg == "" {
			return nil, fmt.Errorf("--agent command:<program>: name the program to run")
		}
		return command.New(strings.Split(arg, ","), command.Options{Env: o.CommandEnv, Timeout: o.CommandTimeout})
	case "predictions":
		if arg == "" {
			return nil, fmt.Errorf("--agent predictions:<folder>: name the folder of modernized notebooks")
		}
		return predictions.New(arg)
	}
	return nil, fmt.Errorf("--agent %q: use rules, llm[:model], command:<program> or predictions:<folder>", spec)
}

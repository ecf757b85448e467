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

// Help says what --agent takes and what each kind reads; Topic adds the
// command agents' protocol.
const Help = `Agents (--agent):

    rules                    the built-in rule-based rewriter (removed and renamed APIs); no settings
    llm[:MODEL]              a model behind the OpenAI-compatible chat-completions API
    command:PROGRAM[,ARG...] any program speaking erosion's JSON protocol (erosion help agents)
    predictions:FOLDER       notebooks modernized elsewhere, run and graded once as given

llm reads EROSION_LLM_MODEL (the model; llm:MODEL overrides it), EROSION_LLM_API_KEY (else
OPENAI_API_KEY), EROSION_LLM_BASE_URL (else OPENAI_BASE_URL; default https://api.openai.com/v1, or
a local server such as http://127.0.0.1:8000/v1), EROSION_LLM_PRICE_INPUT and
EROSION_LLM_PRICE_OUTPUT (USD per million prompt and completion tokens, for the cost columns),
EROSION_LLM_TEMPERATURE, EROSION_LLM_MAX_PROMPT_TOKENS (default 13485) and EROSION_LLM_TIMEOUT
(per request, e.g. 10m).

A predictions FOLDER holds one file per notebook: FOLDER/<notebook_id>.ipynb (or a Jupytext
percent script <notebook_id>.py), optionally under a folder per competition
(FOLDER/<competition>/<notebook_id>.ipynb). A notebook without one counts as "missing".`

// Topic is `erosion help agents`: the agent kinds, their settings, and the
// command agents' protocol.
func Topic() string { return Help + "\n\n" + command.Protocol }

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

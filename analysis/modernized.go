package analysis

import (
	"strings"

	"erosion/records"
)

// Modernization is one "<env>+<agent>" environment: which notebooks the
// agent had to fix and what became of them. Its units (UnitsOf(Env)) are
// every candidate, so its rates count every candidate.
type Modernization struct {
	Env   string // "<base>+<agent>"
	Base  string // the environment the agent modernized for
	Agent string
	// Candidates are the notebooks the agent was to fix: every notebook
	// that did not meet the criterion in Base (by its latest, confirmed
	// outcome there), and every notebook the agent has a record of (an
	// attempt or a run).
	Candidates int
	// Ran: candidates with a run of the agent's fix; their latest run
	// counts.
	Ran int
	// GaveUp: candidates the agent was given and stopped on before any
	// fix ran (attempts recorded, no run); they keep their Base outcome.
	GaveUp int
	// NotAttempted: candidates without any record of the agent (modernize
	// did not reach them, or was not run on them); they keep their Base
	// outcome.
	NotAttempted int
}

// addCandidates completes each modernized environment with the candidates
// the agent produced no run for, carrying their outcome in the base
// environment, so that "<env>+<agent>" counts every notebook the agent was
// to fix, not only the ones it ran. Attempts tell which notebooks the agent
// was given; a notebook that failed in the base environment and has no
// attempt is counted too, as not attempted.
func (s *Study) addCandidates(attempts []records.Attempt) {
	type nb = [2]string // dataset, notebook
	// The modernized labels: from runs with an agent, and from attempts
	// (an agent that gave up on everything has no run at all).
	attempted := map[string]map[nb]bool{} // label -> notebooks with an attempt
	var labels []string
	add := func(label string) {
		if _, ok := attempted[label]; !ok {
			attempted[label] = map[nb]bool{}
			labels = append(labels, label)
		}
	}
	for _, u := range s.Units {
		if strings.Contains(u.Env, "+") {
			add(u.Env)
		}
	}
	for _, a := range attempts {
		if a.Agent == "" || a.Environment == "" {
			continue
		}
		label := a.Environment + "+" + a.Agent
		add(label)
		attempted[label][nb{a.Dataset, a.NotebookID}] = true
	}
	if len(labels) == 0 {
		return
	}
	byEnv := map[string]map[nb]int{} // label -> notebook -> unit index
	for i, u := range s.Units {
		if byEnv[u.Env] == nil {
			byEnv[u.Env] = map[nb]int{}
		}
		byEnv[u.Env][nb{u.Dataset, u.Notebook}] = i
	}
	for _, label := range labels {
		base, agent, _ := strings.Cut(label, "+")
		m := Modernization{Env: label, Base: base, Agent: agent}
		own := byEnv[label]
		m.Ran = len(own)
		carry := func(k nb, why string) {
			i, ok := byEnv[base][k]
			if !ok {
				return // no outcome in the base environment to carry
			}
			u := s.Units[i]
			u.Env, u.Runs, u.Carried = label, 0, why
			s.Units = append(s.Units, u)
			if why == CarriedGaveUp {
				m.GaveUp++
			} else {
				m.NotAttempted++
			}
		}
		for _, k := range sortedKeys(attempted[label]) {
			if _, ok := own[k]; !ok {
				carry(k, CarriedGaveUp)
			}
		}
		for _, k := range sortedKeys(byEnv[base]) {
			_, ran := own[k]
			if !ran && !attempted[label][k] && !s.Units[byEnv[base][k]].Success() {
				carry(k, CarriedNotAttempted)
			}
		}
		m.Candidates = m.Ran + m.GaveUp + m.NotAttempted
		s.Modernized = append(s.Modernized, m)
		digests := s.Digests[label]
		if len(digests) == 0 && m.Candidates > 0 {
			s.Digests[label] = s.Digests[base]
		}
	}
}

// ModernizationOf describes a modernized environment; false for any other.
func (s *Study) ModernizationOf(env string) (Modernization, bool) {
	for _, m := range s.Modernized {
		if m.Env == env {
			return m, true
		}
	}
	return Modernization{}, false
}

package runner

import (
	"strings"
	"testing"
)

func readAll(r *strings.Reader) []SessionEvent {
	ch := make(chan SessionEvent, 16)
	go ReadSession(r, 100, ch)
	var evs []SessionEvent
	for ev := range ch {
		evs = append(evs, ev)
	}
	return evs
}

func TestReadSession(t *testing.T) {
	head := `{"ev": "session", "protocol": 1, "cells": 2, "upto": 1}`
	evs := readAll(stream(head, `{"ev": "snapshot", "at": 0, "ok": true}`, `{"ev": "start", "cell": 0}`,
		`{"ev": "end", "cell": 0, "status": "ok", "stdout": "`+strings.Repeat("x", 5000)+`"}`, `{"ev": "ready", "snapshots": [0, 1]}`))
	if len(evs) != 5 || evs[4].Ev != "ready" || len(evs[4].Snapshots) != 2 || len(evs[3].Stdout) > 4*100+1024 {
		t.Fatalf("%+v", evs)
	}
	for name, lines := range map[string][]string{
		"not json":         {head, "garbage"},
		"unknown event":    {head, `{"ev": "exit"}`},
		"another protocol": {`{"ev": "session", "protocol": 9}`},
		"not a session":    {`{"ev": "supervisor", "protocol": 2}`},
		"huge line":        {head, `{"ev": "end", "stdout": "` + strings.Repeat("x", 8<<20) + `"}`},
	} {
		evs := readAll(stream(append(lines, `{"ev": "ready"}`)...))
		if last := evs[len(evs)-1]; last.Ev != "closed" || last.Reason == "" {
			t.Errorf("%s: %+v", name, evs)
		}
	}
}

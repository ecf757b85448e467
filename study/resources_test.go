package study_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"erosion/harness"
	"erosion/study"
)

// Resources' limits are the defaults with the sizes given; each bad value
// is a UsageError naming its flag.
func TestResourcesLimits(t *testing.T) {
	ok := study.Resources{Workers: 2, Timeout: time.Minute, Memory: "4GiB", Pids: 512, CPUs: 1.5, Retries: 0, WorkingCap: "1GiB", WorkingFiles: 100}
	lim, err := ok.Limits()
	if err != nil {
		t.Fatal(err)
	}
	want := harness.DefaultLimits
	want.MemoryBytes, want.Pids, want.CPUs, want.WorkingCap, want.WorkingFiles = 4<<30, 512, 1.5, 1<<30, 100
	if lim != want {
		t.Errorf("limits %+v, want %+v", lim, want)
	}
	for flag, change := range map[string]func(*study.Resources){
		"--workers 0":          func(r *study.Resources) { r.Workers = 0 },
		"--timeout 500ms":      func(r *study.Resources) { r.Timeout = 500 * time.Millisecond },
		"--timeout -1s":        func(r *study.Resources) { r.Timeout = -time.Second },
		"--pids 0":             func(r *study.Resources) { r.Pids = 0 },
		"--cpus NaN":           func(r *study.Resources) { r.CPUs = math.NaN() },
		"--cpus 0":             func(r *study.Resources) { r.CPUs = 0 },
		"--retries -1":         func(r *study.Resources) { r.Retries = -1 },
		"--working-files 0":    func(r *study.Resources) { r.WorkingFiles = 0 },
		`--memory "32MiB"`:     func(r *study.Resources) { r.Memory = "32MiB" },
		`--memory "lots"`:      func(r *study.Resources) { r.Memory = "lots" },
		`--working-cap "10KB"`: func(r *study.Resources) { r.WorkingCap = "10KB" },
	} {
		r := ok
		change(&r)
		_, err := r.Limits()
		var ue *study.UsageError
		if !errors.As(err, &ue) || !strings.HasPrefix(err.Error(), flag+":") {
			t.Errorf("%s: %v, want a UsageError naming it", flag, err)
		}
	}
}

// A refusal tells the command line its exit code.
func TestUsageErrorExitCode(t *testing.T) {
	_, err := study.Resources{}.Limits()
	var coded interface{ ExitCode() int }
	if !errors.As(err, &coded) || coded.ExitCode() != 2 {
		t.Errorf("%v carries no exit code 2", err)
	}
}

// Package dockertest finds a Docker daemon and a built erosion environment
// for the grading tests, through the docker CLI (the grading packages do not
// depend on the execution backends).
package dockertest

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// EnvImage returns the image of the built environment named env (for
// example "trixie-slim"). Without a Docker daemon the test is skipped on a
// workstation and fails in CI, whose .ci/run starts one; a daemon without
// the environment fails the test, since make test builds it first.
func EnvImage(t testing.TB, env string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "docker", "version", "--format", "{{.Server.Version}}").CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must provide a Docker daemon: %v: %s", err, out)
		}
		t.Skipf("no Docker daemon answers: %v: %s", err, strings.TrimSpace(string(out)))
	}
	out, err := exec.CommandContext(ctx, "docker", "images", "--quiet", "--no-trunc",
		"--filter", "label=org.erosion.env="+env).Output()
	if err != nil {
		t.Fatalf("docker images: %v", err)
	}
	ids := strings.Fields(string(out))
	if len(ids) == 0 {
		t.Fatalf("no built environment %q: run `erosion envs build %s` (make test does)", env, env)
	}
	return ids[0]
}

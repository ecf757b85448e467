package kaggleapi

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindCredentials(t *testing.T) {
	home := t.TempDir()
	kdir := filepath.Join(home, ".kaggle")
	os.MkdirAll(kdir, 0o700)
	env := map[string]string{"HOME": home}
	getenv := func(k string) string { return env[k] }
	var warnings []string
	warn := func(s string) { warnings = append(warnings, s) }

	if _, err := FindCredentials(getenv, warn); !errors.Is(err, ErrNoCredentials) {
		t.Fatalf("nothing set: %v", err)
	}
	// kaggle.json, readable by others: found, with a warning.
	os.WriteFile(filepath.Join(kdir, "kaggle.json"), []byte(`{"username": "alice", "key": "`+canary+`"}`), 0o644)
	c, err := FindCredentials(getenv, warn)
	if err != nil || c.Username != "alice" || c.key != canary || c.Source != filepath.Join(kdir, "kaggle.json") || len(warnings) != 1 || !strings.Contains(warnings[0], "chmod 600") {
		t.Errorf("kaggle.json: %v %v %v", c, err, warnings)
	}
	// The legacy variables come before kaggle.json.
	env["KAGGLE_USERNAME"], env["KAGGLE_KEY"] = "bob", "k2"
	if c, _ := FindCredentials(getenv, warn); c.Username != "bob" || c.key != "k2" {
		t.Errorf("KAGGLE_USERNAME/KAGGLE_KEY: %v", c)
	}
	// A token file in the config folder comes before them.
	os.WriteFile(filepath.Join(kdir, "access_token.txt"), []byte("tok-file\n"), 0o600)
	if c, _ := FindCredentials(getenv, warn); c.token != "tok-file" || c.key != "" {
		t.Errorf("access_token.txt: %v", c)
	}
	os.WriteFile(filepath.Join(kdir, "access_token"), []byte("tok-file-2"), 0o600)
	if c, _ := FindCredentials(getenv, warn); c.token != "tok-file-2" {
		t.Errorf("access_token before access_token.txt: %v", c)
	}
	// KAGGLE_API_TOKEN: the token itself, or a file holding it.
	env["KAGGLE_API_TOKEN"] = "tok-env"
	if c, _ := FindCredentials(getenv, warn); c.token != "tok-env" || c.Source != "KAGGLE_API_TOKEN" {
		t.Errorf("KAGGLE_API_TOKEN value: %v", c)
	}
	tf := filepath.Join(t.TempDir(), "tok")
	os.WriteFile(tf, []byte(" tok-in-file \n"), 0o600)
	env["KAGGLE_API_TOKEN"] = tf
	if c, _ := FindCredentials(getenv, warn); c.token != "tok-in-file" {
		t.Errorf("KAGGLE_API_TOKEN file: %v", c)
	}
	// Inside a Kaggle notebook, KAGGLE_API_V1_TOKEN's file wins.
	nf := filepath.Join(t.TempDir(), "v1")
	os.WriteFile(nf, []byte("tok-notebook"), 0o600)
	env["KAGGLE_KERNEL_RUN_TYPE"], env["KAGGLE_DATA_PROXY_URL"], env["KAGGLE_API_V1_TOKEN"] = "Interactive", "http://127.0.0.1:1", nf
	if c, _ := FindCredentials(getenv, warn); c.token != "tok-notebook" {
		t.Errorf("in a notebook: %v", c)
	}
	// KAGGLE_CONFIG_DIR moves the folder.
	cfg := t.TempDir()
	os.WriteFile(filepath.Join(cfg, "kaggle.json"), []byte(`{"username": "carol", "key": "k3"}`), 0o600)
	env = map[string]string{"HOME": home, "KAGGLE_CONFIG_DIR": cfg}
	if c, _ := FindCredentials(getenv, warn); c.Username != "carol" {
		t.Errorf("KAGGLE_CONFIG_DIR: %v", c)
	}
	// A broken kaggle.json is named, its content is not echoed.
	os.WriteFile(filepath.Join(cfg, "kaggle.json"), []byte(`{"username": "carol", "key": "`+canary), 0o600)
	if _, err := FindCredentials(getenv, warn); err == nil || strings.Contains(err.Error(), canary) || !strings.Contains(err.Error(), "kaggle.json") {
		t.Errorf("broken kaggle.json: %v", err)
	}
}

func TestCredentialsNeverPrinted(t *testing.T) {
	var log bytes.Buffer
	l := slog.New(slog.NewJSONHandler(&log, nil))
	for _, c := range []Credentials{NewKeyCredentials("alice", canary, "kaggle.json"), NewTokenCredentials(canary, "KAGGLE_API_TOKEN")} {
		l.Info("using", "creds", c)
		s := fmt.Sprintf("%v|%+v|%#v|%s|%q", c, c, c, c, c)
		if strings.Contains(s, canary) || strings.Contains(log.String(), canary) {
			t.Errorf("secret printed: %s %s", s, log.String())
		}
		if !strings.Contains(s, c.Source) {
			t.Errorf("the source is not named: %s", s)
		}
	}
}

// Connect finds the credentials in the environment and says what it uses,
// never the secret.
func TestConnect(t *testing.T) {
	t.Setenv("KAGGLE_API_TOKEN", "")
	t.Setenv("KAGGLE_CONFIG_DIR", t.TempDir())
	t.Setenv("KAGGLE_USERNAME", "alice")
	t.Setenv("KAGGLE_KEY", canary)
	var logged strings.Builder
	log := slog.New(slog.NewTextHandler(&logged, nil))
	c, err := Connect(RPC, "http://127.0.0.1:9", log)
	if err != nil {
		t.Fatal(err)
	}
	if c.Log != log || c.Base != "http://127.0.0.1:9/api/v1" || !strings.Contains(logged.String(), "form=rpc") || strings.Contains(logged.String(), canary) {
		t.Errorf("client %+v logged %s", c, logged.String())
	}
	t.Setenv("KAGGLE_USERNAME", "")
	if _, err := Connect(RPC, "", log); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("no credentials: %v", err)
	}
}

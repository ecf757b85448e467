// Package kaggleapi is a client for the parts of the Kaggle public API that
// mining needs (list a competition's kernels, pull a kernel version,
// download competition data) in both of its forms: the legacy REST API
// (GET <base>/api/v1/kernels/list, ...; client ≤ 1.6) and the newer RPC
// form (POST <base>/v1/<service>/<Method> with a JSON body; kagglesdk).
// Credentials are found where the official client looks for them and never
// leave the Authorization header: they are not logged, printed or written.
package kaggleapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Credentials authenticate requests: an API token (sent as a Bearer token)
// or a legacy username and key (HTTP Basic). The secret fields are
// unexported and every way of printing the value redacts them.
type Credentials struct {
	Username string
	key      string
	token    string
	// Source says where they were found, e.g. "KAGGLE_API_TOKEN" or
	// "/root/.kaggle/kaggle.json": safe to log.
	Source string
}

// NewKeyCredentials builds legacy username/key credentials.
func NewKeyCredentials(username, key, source string) Credentials {
	return Credentials{Username: username, key: key, Source: source}
}

// NewTokenCredentials builds API-token credentials.
func NewTokenCredentials(token, source string) Credentials {
	return Credentials{token: token, Source: source}
}

// String never shows the secret.
func (c Credentials) String() string {
	kind := "legacy key"
	if c.token != "" {
		kind = "API token"
	}
	if c.Username != "" {
		return fmt.Sprintf("Kaggle %s of %s from %s", kind, c.Username, c.Source)
	}
	return fmt.Sprintf("Kaggle %s from %s", kind, c.Source)
}

// GoString keeps %#v from printing the unexported secret fields.
func (c Credentials) GoString() string { return c.String() }

// LogValue keeps slog from printing the secret fields.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Empty reports whether no secret is set.
func (c Credentials) Empty() bool { return c.key == "" && c.token == "" }

// ErrNoCredentials is returned when no source holds credentials.
var ErrNoCredentials = errors.New("no Kaggle credentials: set KAGGLE_API_TOKEN, or KAGGLE_USERNAME and KAGGLE_KEY, or put kaggle.json (from the API section of your Kaggle account settings) in ~/.kaggle or $KAGGLE_CONFIG_DIR")

// configDir is where the official client keeps kaggle.json and tokens.
func configDir(getenv func(string) string) string {
	if d := getenv("KAGGLE_CONFIG_DIR"); d != "" {
		return d
	}
	home := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, ".kaggle")
}

// FindCredentials looks where the official clients do, in their order:
// inside a Kaggle notebook the file named by KAGGLE_API_V1_TOKEN;
// KAGGLE_API_TOKEN (the token, or a path to a file holding it);
// access_token and access_token.txt in the config folder; then the legacy
// KAGGLE_USERNAME + KAGGLE_KEY; then kaggle.json. The config folder is
// $KAGGLE_CONFIG_DIR, else ~/.kaggle. warn receives non-fatal problems
// (a kaggle.json readable by others).
func FindCredentials(getenv func(string) string, warn func(string)) (Credentials, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if warn == nil {
		warn = func(string) {}
	}
	readToken := func(path string) (string, bool) {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", false
		}
		tok := strings.TrimSpace(string(b))
		return tok, tok != ""
	}
	if getenv("KAGGLE_KERNEL_RUN_TYPE") != "" && getenv("KAGGLE_DATA_PROXY_URL") != "" {
		if p := getenv("KAGGLE_API_V1_TOKEN"); p != "" {
			if tok, ok := readToken(p); ok {
				return NewTokenCredentials(tok, "KAGGLE_API_V1_TOKEN file"), nil
			}
		}
	}
	if v := strings.TrimSpace(getenv("KAGGLE_API_TOKEN")); v != "" {
		if st, err := os.Stat(v); err == nil && st.Mode().IsRegular() {
			if tok, ok := readToken(v); ok {
				return NewTokenCredentials(tok, "the file named by KAGGLE_API_TOKEN"), nil
			}
			return Credentials{}, fmt.Errorf("KAGGLE_API_TOKEN names the file %s, which is empty: put the token in it", v)
		}
		return NewTokenCredentials(v, "KAGGLE_API_TOKEN"), nil
	}
	dir := configDir(getenv)
	for _, name := range []string{"access_token", "access_token.txt"} {
		if tok, ok := readToken(filepath.Join(dir, name)); ok {
			return NewTokenCredentials(tok, filepath.Join(dir, name)), nil
		}
	}
	if u, k := getenv("KAGGLE_USERNAME"), getenv("KAGGLE_KEY"); u != "" && k != "" {
		return NewKeyCredentials(u, k, "KAGGLE_USERNAME/KAGGLE_KEY"), nil
	}
	path := filepath.Join(dir, "kaggle.json")
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Credentials{}, ErrNoCredentials
	} else if err != nil {
		return Credentials{}, fmt.Errorf("%s: %w", path, err)
	}
	var kj struct {
		Username string `json:"username"`
		Key      string `json:"key"`
	}
	if err := json.Unmarshal(data, &kj); err != nil || kj.Username == "" || kj.Key == "" {
		// The parse error could quote the file: say only what is wrong.
		return Credentials{}, fmt.Errorf("%s is not {\"username\": ..., \"key\": ...}: download a new one from your Kaggle account settings", path)
	}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		warn(fmt.Sprintf("%s is readable by other users: run chmod 600 %s", path, path))
	}
	return NewKeyCredentials(kj.Username, kj.Key, path), nil
}

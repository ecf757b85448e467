package kaggleapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"erosion/datasets"
	"erosion/httpretry"
	"erosion/mining/builder"
)

// The canary secret: it must never appear in a log, an error, an output or
// a file the miner writes.
const canary = "CANARY-KAGGLE-SECRET-5f2c9e71"

const nbSrc = `{"nbformat": 4, "nbformat_minor": 4, "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
 "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": "import pandas as pd\ntrain = pd.read_csv('/kaggle/input/titanic/train.csv')"}]}`

func testClient(t *testing.T, f *fakeKaggle, protocol string, creds Credentials, log *bytes.Buffer) *Client {
	t.Helper()
	c, err := New(protocol, f.srv.URL, creds)
	if err != nil {
		t.Fatal(err)
	}
	c.Retry = httpretry.Policy{Base: 10 * time.Millisecond, Max: 20 * time.Millisecond, Retries: 4}
	c.Log = slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return c
}

// noCanary fails when the secret shows up in any text or file under dirs.
func noCanary(t *testing.T, texts []string, dirs ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(s, canary) {
			t.Errorf("the secret leaked into: %.300s", s)
		}
	}
	for _, d := range dirs {
		filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err == nil && e.Type().IsRegular() {
				if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(canary)) {
					t.Errorf("the secret leaked into file %s", p)
				}
			}
			return nil
		})
	}
}

func TestMineRPC(t *testing.T) {
	f := newFake(t)
	f.token = canary
	for i := range 125 {
		src := nbSrc
		switch {
		case i < 3:
			src = "" // listed but gone: pull answers 404
		case i == 3:
			src = `{"nbformat": 4, "cells": [` // truncated
		}
		slug := fmt.Sprintf("nb-%03d", i)
		if i == 10 {
			slug = "gpu-kernel"
		}
		f.addKernel("titanic", "user"+fmt.Sprint(i%7), slug, "python", "notebook", src, 2+i%3)
	}
	for i := range 5 {
		f.addKernel("titanic", "ruser", fmt.Sprintf("r-%d", i), "r", "script", "x <- 1", 1)
	}
	f.accepted["titanic"] = true
	f.zips["titanic"] = zipOf(t, map[string]string{"train.csv": "PassengerId,Survived\n1,0\n", "test.csv": "PassengerId\n2\n"})
	f.tooMany["/api/v1/kernels.KernelsApiService/ListKernels"] = 1
	f.broken["/api/v1/kernels.KernelsApiService/GetKernel"] = 2

	var log bytes.Buffer
	c := testClient(t, f, RPC, NewTokenCredentials(canary, "KAGGLE_API_TOKEN"), &log)
	out := filepath.Join(t.TempDir(), "ds")
	b, err := builder.Open(out, false)
	if err != nil {
		t.Fatal(err)
	}
	fun, err := Mine(context.Background(), c, b, MineOptions{Competition: "titanic", DownloadData: true, Log: c.Log})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, st := range fun.Stages {
		got[st.Name] = st.Kept
	}
	want := map[string]int{"listed": 130, "python-notebook": 125, "pulled": 122, "python": 122, "parses": 121}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("funnel %s = %d, want %d (all: %v)", k, got[k], v, got)
		}
	}
	if fun.Broken["pull refused (HTTP 404)"] != 3 {
		t.Errorf("broken: %v", fun.Broken)
	}
	if f.hits["/api/v1/kernels.KernelsApiService/ListKernels"] != 3 { // one 429, then two pages
		t.Errorf("ListKernels calls: %d", f.hits["/api/v1/kernels.KernelsApiService/ListKernels"])
	}
	// The 429 said Retry-After: 1 (waited, not the 20 ms backoff); the 500s back off with jitter.
	if n := strings.Count(log.String(), "retrying"); n != 3 || !regexp.MustCompile(`in=1(\.\d+)?s cause="HTTP 429 Too Many Requests"`).MatchString(log.String()) {
		t.Errorf("want 3 retries, one after the 429's Retry-After:\n%s", log.String())
	}
	// The signed storage URL is fetched without the Kaggle credentials.
	if len(f.authSeen) != 1 || f.authSeen[0] != "" {
		t.Errorf("storage saw Authorization %q", f.authSeen)
	}
	ds, err := b.Finish(builder.Meta{Name: "kaggle-titanic"}, fun)
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	if probs, err := ds.VerifyChecksums(); err != nil || len(probs) > 0 {
		t.Errorf("verify: %v %v", err, probs)
	}
	if data, err := os.ReadFile(filepath.Join(out, "competitions", "titanic", "data", "train.csv")); err != nil || !strings.HasPrefix(string(data), "PassengerId") {
		t.Errorf("competition data: %v", err)
	}
	rows, _ := ds.Manifest()
	var gpu *datasets.Entry
	for i := range rows {
		if strings.Contains(rows[i].NotebookID, "gpu-kernel") {
			gpu = &rows[i]
		}
	}
	if gpu == nil || gpu.Accelerator != "GPU" || gpu.KaggleImage != "gcr.io/kaggle-images/python:v101" || gpu.Submitted != "2021-06-01" ||
		gpu.Source != "kaggle" || gpu.TargetScore != nil || len(gpu.DataPaths) != 1 {
		t.Errorf("manifest row of the GPU kernel: %+v", gpu)
	}
	noCanary(t, []string{log.String(), fmt.Sprintf("%v %+v %#v %s", c.Creds, c.Creds, c.Creds, c.Creds)}, out)

	// Resuming a finished mine lists and pulls nothing again.
	before := f.hits["/api/v1/kernels.KernelsApiService/GetKernel"]
	b2, err := builder.Open(out, true)
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	fun2, err := Mine(context.Background(), c, b2, MineOptions{Competition: "titanic", DownloadData: true})
	if err != nil || fun2.Kept("parses") != 121 {
		t.Fatalf("resume: %v %v", err, fun2)
	}
	// Only the three 404s and the one that did not parse are asked again.
	if n := f.hits["/api/v1/kernels.KernelsApiService/GetKernel"] - before; n != 4 || f.hits["/storage/titanic.zip"] != 1 {
		t.Errorf("resume pulled %d kernels, downloaded data %d times", n, f.hits["/storage/titanic.zip"])
	}
}

func TestMineRESTKernelListAndRules(t *testing.T) {
	f := newFake(t)
	f.user, f.key = "alice", canary
	f.addKernel("house-prices", "alice", "eda", "python", "notebook", nbSrc, 7)
	f.addKernel("house-prices", "bob", "ridge", "python", "notebook", nbSrc, 3)
	list := filepath.Join(t.TempDir(), "kernels.txt")
	os.WriteFile(list, []byte("# from Meta Kaggle\nalice/eda/7 0.125\nbob/ridge\nbob/gone/2  # deleted since\n"), 0o644)
	refs, err := ReadRefs(list)
	if err != nil || len(refs) != 3 || *refs[0].Target != 0.125 || refs[0].Version != 7 || refs[1].Version != 0 {
		t.Fatalf("ReadRefs: %v %+v", err, refs)
	}

	var log bytes.Buffer
	c := testClient(t, f, REST, NewKeyCredentials("alice", canary, "kaggle.json"), &log)
	out := filepath.Join(t.TempDir(), "ds")
	b, _ := builder.Open(out, false)
	defer b.Close()

	// The rules are not accepted: a clear error that names the fix, no secret.
	_, err = Mine(context.Background(), c, b, MineOptions{Competition: "house-prices", Kernels: refs, DownloadData: true})
	if !errors.Is(err, ErrRulesNotAccepted) || !strings.Contains(err.Error(), "accept the rules") || !strings.Contains(err.Error(), "--no-download-data") {
		t.Errorf("rules not accepted: %v", err)
	}
	fun, err := Mine(context.Background(), c, b, MineOptions{Competition: "house-prices", Kernels: refs})
	if err != nil {
		t.Fatal(err)
	}
	if fun.Kept("requested") != 3 || fun.Kept("parses") != 2 || fun.Broken["pull refused (HTTP 404)"] != 1 {
		t.Errorf("funnel %+v", fun)
	}
	recs := b.Records()
	if len(recs) != 2 || recs[0].ID != "alice-eda-v7" || *recs[0].TargetScore != 0.125 || recs[1].ID != "bob-ridge-v3" || recs[1].TargetScore != nil {
		t.Errorf("records: %+v", recs)
	}
	if f.hits["/api/v1/kernels/pull"] != 3 || f.hits["/api/v1/kernels/list"] != 0 {
		t.Errorf("hits: %v", f.hits)
	}
	noCanary(t, []string{log.String(), fmt.Sprint(err)}, out)
}

func TestBadCredentials(t *testing.T) {
	f := newFake(t)
	f.token = "the-real-token"
	f.addKernel("titanic", "alice", "eda", "python", "notebook", nbSrc, 1)
	var log bytes.Buffer
	c := testClient(t, f, RPC, NewTokenCredentials(canary, "KAGGLE_API_TOKEN"), &log)
	b, _ := builder.Open(t.TempDir(), false)
	defer b.Close()
	_, err := Mine(context.Background(), c, b, MineOptions{Competition: "titanic", Kernels: []Ref{{Owner: "alice", Slug: "eda"}}})
	if err == nil || !strings.Contains(err.Error(), "HTTP 401") || !strings.Contains(err.Error(), "KAGGLE_API_TOKEN") {
		t.Errorf("401: %v", err)
	}
	noCanary(t, []string{log.String(), fmt.Sprint(err)})
}

func TestListingCapAndResume(t *testing.T) {
	f := newFake(t)
	f.token = canary
	for i := range 1000 {
		f.addKernel("big", "u", fmt.Sprintf("k%04d", i), "r", "notebook", "", 1) // R: listed, never pulled
	}
	// Page 3 keeps failing: the first mine stops there, keeping pages 1-2.
	var log bytes.Buffer
	c := testClient(t, f, REST, NewTokenCredentials(canary, "KAGGLE_API_TOKEN"), &log)
	out := t.TempDir()
	b, _ := builder.Open(out, false)
	c.HTTP.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.URL.Query().Get("page") == "3" {
			return nil, &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
		}
		return http.DefaultTransport.RoundTrip(r)
	})
	_, err := Mine(context.Background(), c, b, MineOptions{Competition: "big"})
	if err == nil || !strings.Contains(err.Error(), "gave up") {
		t.Fatalf("first mine: %v", err)
	}
	b.Close()
	if f.hits["/api/v1/kernels/list"] != 2 {
		t.Errorf("pages fetched before the failure: %d", f.hits["/api/v1/kernels/list"])
	}
	c.HTTP.Transport = nil
	b, _ = builder.Open(out, true)
	defer b.Close()
	fun, err := Mine(context.Background(), c, b, MineOptions{Competition: "big", Log: c.Log})
	if err != nil {
		t.Fatal(err)
	}
	// Pages 3..10 and the empty 11th; pages 1-2 were not fetched again.
	if f.hits["/api/v1/kernels/list"] != 2+9 {
		t.Errorf("pages fetched in all: %d", f.hits["/api/v1/kernels/list"])
	}
	if fun.Kept("listed") != 1000 || !strings.Contains(strings.Join(fun.Warnings, "\n"), "about 1000 per competition") {
		t.Errorf("funnel: %+v", fun)
	}
	if !strings.Contains(log.String(), "cap") {
		t.Errorf("no warning logged at the cap:\n%s", log.String())
	}
}

func TestDownloadResumesWithRange(t *testing.T) {
	f := newFake(t)
	f.token = canary
	f.accepted["c"] = true
	f.zips["c"] = zipOf(t, map[string]string{"a.csv": strings.Repeat("x,y\n", 1000)})
	var log bytes.Buffer
	c := testClient(t, f, REST, NewTokenCredentials(canary, "env"), &log)
	dst := filepath.Join(t.TempDir(), "c.zip")
	half := len(f.zips["c"]) / 2
	os.WriteFile(dst+".part", f.zips["c"][:half], 0o644)
	if err := c.DownloadCompetitionData(context.Background(), "c", dst); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(dst)
	if !bytes.Equal(got, f.zips["c"]) {
		t.Errorf("resumed download differs: %d bytes, want %d", len(got), len(f.zips["c"]))
	}
	if !strings.Contains(log.String(), "resuming") {
		t.Errorf("the resume was not a Range request:\n%s", log.String())
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

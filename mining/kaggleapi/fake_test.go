package kaggleapi

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeKaggle answers like the Kaggle API in both forms, with the response
// shapes of the reference (shared/reference/kaggle-api.md): legacy REST
// under /api/v1/kernels/..., RPC under /api/v1/<service>/<Method> (where
// kagglesdk puts it when KAGGLE_API_ENDPOINT is set), errors as
// {"code":N,"message":...} or {"error":{...}}, 429s with Retry-After.
type fakeKaggle struct {
	t                *testing.T
	srv              *httptest.Server
	user, key, token string

	mu       sync.Mutex
	kernels  map[string][]Kernel // competition -> listing
	sources  map[string]string   // "owner/slug" or "owner/slug/N" -> source
	meta     map[string]Kernel   // "owner/slug" -> metadata
	accepted map[string]bool     // competitions whose rules the account accepted
	zips     map[string][]byte
	hits     map[string]int
	tooMany  map[string]int // route -> how many 429s to answer first
	broken   map[string]int // route -> how many 500s to answer first
	authSeen []string
}

func newFake(t *testing.T) *fakeKaggle {
	f := &fakeKaggle{t: t, kernels: map[string][]Kernel{}, sources: map[string]string{}, meta: map[string]Kernel{},
		accepted: map[string]bool{}, zips: map[string][]byte{}, hits: map[string]int{}, tooMany: map[string]int{}, broken: map[string]int{}}
	f.srv = httptest.NewServer(f)
	t.Cleanup(f.srv.Close)
	return f
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (f *fakeKaggle) authorized(r *http.Request) bool {
	if u, k, ok := r.BasicAuth(); ok {
		return f.key != "" && u == f.user && k == f.key
	}
	return f.token != "" && r.Header.Get("Authorization") == "Bearer "+f.token
}

func (f *fakeKaggle) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	route := r.URL.Path
	f.hits[route]++
	if strings.HasPrefix(route, "/storage/") {
		f.serveZip(w, r, strings.TrimSuffix(strings.TrimPrefix(route, "/storage/"), ".zip"))
		return
	}
	if !f.authorized(r) {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"code": 401, "message": "Unauthenticated"})
		return
	}
	if f.tooMany[route] > 0 {
		f.tooMany[route]--
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": map[string]any{"code": 429, "message": "Too many requests", "status": "RESOURCE_EXHAUSTED"}})
		return
	}
	if f.broken[route] > 0 {
		f.broken[route]--
		writeJSON(w, http.StatusInternalServerError, map[string]any{"code": 500, "message": "Internal error"})
		return
	}
	var body map[string]any
	if r.Method == http.MethodPost {
		if r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&body) != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"code": 400, "message": "expected a JSON body"})
			return
		}
	}
	str := func(k string) string { s, _ := body[k].(string); return s }
	switch {
	case r.Method == http.MethodGet && route == "/api/v1/kernels/list":
		q := r.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		size, _ := strconv.Atoi(q.Get("pageSize"))
		if q.Get("language") != "python" || q.Get("kernelType") != "notebook" {
			f.t.Errorf("REST list without the python notebook filters: %s", r.URL.RawQuery)
		}
		all := f.kernels[q.Get("competition")]
		lo, hi := min((page-1)*size, len(all)), min(page*size, len(all))
		// The legacy list leaves most fields empty (id 0, language null).
		var out []map[string]any
		for _, k := range all[lo:hi] {
			out = append(out, map[string]any{"id": 0, "ref": k.Ref, "title": k.Title, "author": k.Author, "lastRunTime": k.LastRunTime,
				"totalVotes": k.TotalVotes, "language": nil, "kernelType": nil, "isPrivate": nil, "enableGpu": nil})
		}
		if out == nil {
			out = []map[string]any{}
		}
		writeJSON(w, 200, out)
	case r.Method == http.MethodPost && route == "/api/v1/kernels.KernelsApiService/ListKernels":
		size := int(body["pageSize"].(float64))
		start := 0
		if tok := str("pageToken"); tok != "" {
			start, _ = strconv.Atoi(strings.TrimPrefix(tok, "offset-"))
		}
		all := f.kernels[str("competition")]
		hi := min(start+size, len(all))
		resp := map[string]any{"kernels": all[start:hi]}
		if hi < len(all) {
			resp["nextPageToken"] = "offset-" + strconv.Itoa(hi)
		}
		writeJSON(w, 200, resp)
	case r.Method == http.MethodGet && route == "/api/v1/kernels/pull":
		f.pull(w, r.URL.Query().Get("userName"), r.URL.Query().Get("kernelSlug"))
	case r.Method == http.MethodPost && route == "/api/v1/kernels.KernelsApiService/GetKernel":
		f.pull(w, str("userName"), str("kernelSlug"))
	case r.Method == http.MethodGet && strings.HasPrefix(route, "/api/v1/competitions/data/download-all/"):
		slug := strings.TrimPrefix(route, "/api/v1/competitions/data/download-all/")
		if f.refuse(w, slug) {
			return
		}
		http.Redirect(w, r, "/storage/"+slug+".zip", http.StatusFound)
	case r.Method == http.MethodPost && route == "/api/v1/competitions.CompetitionApiService/DownloadDataFiles":
		slug := str("competitionName")
		if f.refuse(w, slug) {
			return
		}
		writeJSON(w, 200, map[string]any{"url": f.srv.URL + "/storage/" + slug + ".zip"})
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"code": 404, "message": "no route " + r.Method + " " + route})
	}
}

func (f *fakeKaggle) refuse(w http.ResponseWriter, slug string) bool {
	if f.accepted[slug] {
		return false
	}
	writeJSON(w, http.StatusForbidden, map[string]any{"code": 403, "message": "You must accept this competition's rules before you'll be able to download files."})
	return true
}

func (f *fakeKaggle) serveZip(w http.ResponseWriter, r *http.Request, slug string) {
	f.authSeen = append(f.authSeen, r.Header.Get("Authorization"))
	data, ok := f.zips[slug]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if rg := r.Header.Get("Range"); strings.HasPrefix(rg, "bytes=") {
		from, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(rg, "bytes="), "-"))
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", from, len(data)-1, len(data)))
		w.WriteHeader(http.StatusPartialContent)
		w.Write(data[from:])
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Write(data)
}

func (f *fakeKaggle) pull(w http.ResponseWriter, owner, kernelSlug string) {
	slug, _, _ := strings.Cut(kernelSlug, "/")
	src, ok := f.sources[owner+"/"+kernelSlug]
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]any{"code": 404, "message": "Kernel not found"})
		return
	}
	m := f.meta[owner+"/"+slug]
	writeJSON(w, 200, map[string]any{"metadata": m, "blob": map[string]any{"source": src, "language": m.Language, "kernelType": m.KernelType, "slug": slug}})
}

// addKernel lists a kernel for a competition and, when src is not empty,
// makes it pullable (current version and version n).
func (f *fakeKaggle) addKernel(comp, owner, slug, lang, typ, src string, version int) {
	k := Kernel{Ref: owner + "/" + slug, Title: "Kernel " + slug, Author: owner, Slug: slug, LastRunTime: "2021-06-01T10:00:00.000Z",
		Language: lang, KernelType: typ, CurrentVersionNumber: version, DockerImage: "gcr.io/kaggle-images/python:v101", EnableGPU: slug == "gpu-kernel"}
	f.kernels[comp] = append(f.kernels[comp], k)
	f.meta[k.Ref] = k
	if src != "" {
		f.sources[k.Ref] = src
		f.sources[k.Ref+"/"+strconv.Itoa(version)] = src
	}
}

func zipOf(t *testing.T, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

package kaggleapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"erosion/httpretry"
)

// The two forms of the API.
const (
	RPC  = "rpc"  // POST <base>/<service>/<Method>, JSON body (kagglesdk, client ≥ 1.7)
	REST = "rest" // GET/POST <base>/kernels/list, ... (Swagger, client ≤ 1.6)
)

// The documented default bases. KAGGLE_API_ENDPOINT (or --endpoint)
// replaces the host: both forms then live under <endpoint>/api/v1.
const (
	DefaultRPCBase  = "https://api.kaggle.com/v1"
	DefaultRESTBase = "https://www.kaggle.com/api/v1"
)

// Client talks to the Kaggle API.
type Client struct {
	Protocol string // RPC or REST
	Base     string // without a trailing slash
	Creds    Credentials
	HTTP     *http.Client
	Retry    httpretry.Policy // Log defaults to the client's
	Log      *slog.Logger
}

// New makes a client. endpoint overrides the host (as KAGGLE_API_ENDPOINT
// does for the official client); empty uses the documented default base of
// the protocol.
func New(protocol, endpoint string, creds Credentials) (*Client, error) {
	// No overall timeout (data archives are large), but a server that never
	// starts answering is given up on.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = 2 * time.Minute
	c := &Client{Protocol: protocol, Creds: creds, HTTP: &http.Client{Transport: tr}, Log: slog.New(slog.DiscardHandler)}
	switch protocol {
	case RPC:
		c.Base = DefaultRPCBase
	case REST:
		c.Base = DefaultRESTBase
	default:
		return nil, fmt.Errorf("--api %q: use rpc or rest", protocol)
	}
	if endpoint != "" {
		u, err := url.Parse(endpoint)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("Kaggle API endpoint %q is not an absolute URL such as http://127.0.0.1:8080", endpoint)
		}
		c.Base = strings.TrimRight(endpoint, "/") + "/api/v1"
	}
	if creds.Empty() {
		return nil, ErrNoCredentials
	}
	return c, nil
}

// APIError is a refusal from the API: its HTTP status and message.
type APIError struct {
	Op      string
	Status  int
	Message string
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	return fmt.Sprintf("Kaggle API %s: HTTP %d: %s", e.Op, e.Status, msg)
}

// errorMessage extracts the message of the error bodies the API sends:
// {"code":403,"message":"..."} (legacy) or {"error":{"code":429,"message":...}}.
func errorMessage(body []byte) (code int, msg string) {
	var e struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Error   *struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
			Status  string `json:"status"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return 0, ""
	}
	if e.Error != nil {
		return e.Error.Code, e.Error.Message
	}
	return e.Code, e.Message
}

// authorize sets the Authorization header; nothing else carries the secret.
func (c *Client) authorize(req *http.Request) {
	if c.Creds.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Creds.token)
	} else {
		req.SetBasicAuth(c.Creds.Username, c.Creds.key)
	}
}

// send performs one API call through the retry policy (429 and 5xx
// answers and dropped connections are retried, longer when the server
// sends Retry-After); a refusal returns an *APIError. A 2xx response is
// returned open for the caller to read.
func (c *Client) send(ctx context.Context, op, method, rawURL string, body []byte, header http.Header) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, rd)
	if err != nil {
		return nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", "erosion (kaggle-api compatible)")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	c.authorize(req)
	resp, err := c.client().Do(req)
	var se *httpretry.StatusError
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.As(err, &se):
		_, msg := errorMessage(se.Body)
		ae := &APIError{Op: op, Status: se.Code, Message: msg}
		if se.Wait > 0 {
			return nil, fmt.Errorf("%w (Kaggle asks to wait %s: try again later)", ae, se.Wait.Round(time.Second))
		}
		return nil, fmt.Errorf("%w (gave up after %d tries)", ae, se.Attempts)
	case err != nil:
		return nil, fmt.Errorf("Kaggle API %s: %w", op, stripURLError(err))
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return resp, nil
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	_, msg := errorMessage(data)
	return nil, &APIError{Op: op, Status: resp.StatusCode, Message: msg}
}

// client is HTTP through the retry policy, logging to Log.
func (c *Client) client() *http.Client {
	p := c.Retry
	if p.Log == nil {
		p.Log = c.Log
	}
	return p.Client(c.HTTP)
}

// stripURLError drops the URL from a transport error: the URL holds no
// secret, but the message is clearer without the query.
func stripURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// call sends a request and decodes a JSON answer. The RPC form may report
// an error inside a 200 answer ({"code": 4xx, ...}).
func (c *Client) call(ctx context.Context, op, method, rawURL string, body any, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return err
		}
	}
	resp, err := c.send(ctx, op, method, rawURL, payload, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("Kaggle API %s: reading the answer: %w", op, err)
	}
	if code, msg := errorMessage(data); code >= 400 {
		return &APIError{Op: op, Status: code, Message: msg}
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("Kaggle API %s: the answer is not the expected JSON (%v): is the endpoint a Kaggle API?", op, err)
	}
	return nil
}

func (c *Client) rpcURL(service, method string) string { return c.Base + "/" + service + "/" + method }

func (c *Client) restURL(path string, q url.Values) string {
	u := c.Base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// Kernel is a kernel's metadata (ApiKernelMetadata; the legacy list returns
// the same camelCase keys, often with only ref, title, author, lastRunTime
// and totalVotes filled).
type Kernel struct {
	ID                   int64    `json:"id,omitempty"`
	Ref                  string   `json:"ref"`
	Title                string   `json:"title,omitempty"`
	Author               string   `json:"author,omitempty"`
	Slug                 string   `json:"slug,omitempty"`
	LastRunTime          string   `json:"lastRunTime,omitempty"`
	Language             string   `json:"language,omitempty"`
	KernelType           string   `json:"kernelType,omitempty"`
	IsPrivate            bool     `json:"isPrivate,omitempty"`
	EnableGPU            bool     `json:"enableGpu,omitempty"`
	EnableTPU            bool     `json:"enableTpu,omitempty"`
	EnableInternet       bool     `json:"enableInternet,omitempty"`
	DatasetDataSources   []string `json:"datasetDataSources,omitempty"`
	CompetitionSources   []string `json:"competitionDataSources,omitempty"`
	KernelDataSources    []string `json:"kernelDataSources,omitempty"`
	TotalVotes           int      `json:"totalVotes,omitempty"`
	CurrentVersionNumber int      `json:"currentVersionNumber,omitempty"`
	DockerImage          string   `json:"dockerImage,omitempty"`
	MachineShape         string   `json:"machineShape,omitempty"`
}

// Cursor is where a listing continues: a page number (REST) or a page
// token (RPC). The zero value is the start.
type Cursor struct {
	Page  int    `json:"page,omitempty"`
	Token string `json:"token,omitempty"`
}

// PageSize is the largest page the official client asks for.
const PageSize = 100

// ListCap is about how many kernels the list endpoint returns for one
// competition, whatever the paging (kaggle-cli#440).
const ListCap = 1000

// ListKernels lists a competition's Python notebooks from cursor on, page by
// page, calling page with each page and the cursor after it; next is
// nil after the last page. Returning an error from page stops the listing.
func (c *Client) ListKernels(ctx context.Context, competition string, from Cursor, page func(kernels []Kernel, next *Cursor) error) error {
	cur := from
	for {
		var ks []Kernel
		var next *Cursor
		if c.Protocol == REST {
			p := max(cur.Page, 1)
			q := url.Values{"competition": {competition}, "page": {strconv.Itoa(p)}, "pageSize": {strconv.Itoa(PageSize)},
				"language": {"python"}, "kernelType": {"notebook"}, "sortBy": {"dateCreated"}}
			if err := c.call(ctx, "kernels list", http.MethodGet, c.restURL("/kernels/list", q), nil, &ks); err != nil {
				return err
			}
			if len(ks) == PageSize {
				next = &Cursor{Page: p + 1}
			}
		} else {
			req := map[string]any{"competition": competition, "language": "python", "kernelType": "notebook",
				"sortBy": "DATE_CREATED", "pageSize": PageSize}
			if cur.Token != "" {
				req["pageToken"] = cur.Token
			}
			var resp struct {
				Kernels       []Kernel `json:"kernels"`
				NextPageToken string   `json:"nextPageToken"`
			}
			if err := c.call(ctx, "ListKernels", http.MethodPost, c.rpcURL("kernels.KernelsApiService", "ListKernels"), req, &resp); err != nil {
				return err
			}
			ks = resp.Kernels
			if resp.NextPageToken != "" && len(ks) > 0 {
				next = &Cursor{Token: resp.NextPageToken}
			}
		}
		if err := page(ks, next); err != nil {
			return err
		}
		if next == nil {
			return nil
		}
		cur = *next
	}
}

// Pulled is a pulled kernel: its metadata and source.
type Pulled struct {
	Metadata Kernel
	Source   string // the notebook JSON or script text
	Language string
	Type     string // notebook or script
}

// Pull fetches a kernel's source; version > 0 pulls that version (the
// official client sends kernelSlug "slug/N" for "owner/slug/N").
func (c *Client) Pull(ctx context.Context, owner, slug string, version int) (*Pulled, error) {
	ks := slug
	if version > 0 {
		ks += "/" + strconv.Itoa(version)
	}
	var resp struct {
		Metadata Kernel `json:"metadata"`
		Blob     struct {
			Source     string `json:"source"`
			Language   string `json:"language"`
			KernelType string `json:"kernelType"`
			Slug       string `json:"slug"`
		} `json:"blob"`
	}
	op := "pull " + owner + "/" + ks
	var err error
	if c.Protocol == REST {
		err = c.call(ctx, op, http.MethodGet, c.restURL("/kernels/pull", url.Values{"userName": {owner}, "kernelSlug": {ks}}), nil, &resp)
	} else {
		err = c.call(ctx, op, http.MethodPost, c.rpcURL("kernels.KernelsApiService", "GetKernel"), map[string]string{"userName": owner, "kernelSlug": ks}, &resp)
	}
	if err != nil {
		return nil, err
	}
	if resp.Blob.Source == "" {
		return nil, fmt.Errorf("Kaggle API %s: the answer has no source", op)
	}
	p := &Pulled{Metadata: resp.Metadata, Source: resp.Blob.Source, Language: resp.Blob.Language, Type: resp.Blob.KernelType}
	if p.Language == "" {
		p.Language = resp.Metadata.Language
	}
	if p.Type == "" {
		p.Type = resp.Metadata.KernelType
	}
	return p, nil
}

// ErrRulesNotAccepted is wrapped when Kaggle refuses a competition's data
// because the account has not accepted the competition's rules.
var ErrRulesNotAccepted = errors.New("the competition's rules are not accepted")

// DownloadCompetitionData downloads a competition's data archive (a zip of
// every data file) to dst. It resumes a partial download (dst.part) with a
// Range request where the server allows it.
func (c *Client) DownloadCompetitionData(ctx context.Context, competition, dst string) error {
	op := "download data of " + competition
	var resp *http.Response
	var err error
	part := dst + ".part"
	have := fileSize(part)
	rangeHdr := http.Header{}
	if have > 0 {
		rangeHdr.Set("Range", fmt.Sprintf("bytes=%d-", have))
	}
	if c.Protocol == REST {
		resp, err = c.send(ctx, op, http.MethodGet, c.restURL("/competitions/data/download-all/"+url.PathEscape(competition), nil), nil, rangeHdr)
	} else {
		body, _ := json.Marshal(map[string]string{"competitionName": competition})
		resp, err = c.send(ctx, op, http.MethodPost, c.rpcURL("competitions.CompetitionApiService", "DownloadDataFiles"), body, rangeHdr)
	}
	var ae *APIError
	if errors.As(err, &ae) && ae.Status == http.StatusForbidden {
		return fmt.Errorf("competition %s: Kaggle refused the data (%w: HTTP 403: %s): accept the rules on the competition's Kaggle page (Rules tab, or Late Submission for closed competitions) with the account of %s, then rerun; or pass --no-download-data and provide the data with --data",
			competition, ErrRulesNotAccepted, ae.Message, c.Creds)
	}
	if err != nil {
		return err
	}
	// The RPC form answers with an HttpRedirect: either a real redirect,
	// which the HTTP client already followed, or a JSON body with the URL.
	if strings.Contains(resp.Header.Get("Content-Type"), "application/json") {
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		var redirect struct {
			URL string `json:"url"`
		}
		if json.Unmarshal(data, &redirect) != nil || redirect.URL == "" {
			return fmt.Errorf("Kaggle API %s: expected a redirect to the data, got %.200s", op, data)
		}
		// A signed storage URL: fetched without the Kaggle credentials.
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, redirect.URL, nil)
		if err != nil {
			return err
		}
		if have > 0 {
			req.Header.Set("Range", fmt.Sprintf("bytes=%d-", have))
		}
		if resp, err = c.client().Do(req); err != nil {
			return fmt.Errorf("Kaggle API %s: %w", op, stripURLError(err))
		}
		if resp.StatusCode/100 != 2 {
			resp.Body.Close()
			return &APIError{Op: op, Status: resp.StatusCode}
		}
	}
	defer resp.Body.Close()
	flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	if resp.StatusCode == http.StatusPartialContent && have > 0 {
		flags = os.O_CREATE | os.O_WRONLY | os.O_APPEND
		c.Log.Info("resuming competition data download", "competition", competition, "from_bytes", have)
	}
	f, err := os.OpenFile(part, flags, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return fmt.Errorf("Kaggle API %s: interrupted (%v): rerun with --resume to continue", op, stripURLError(err))
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(part, dst)
}

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

// Connect is New with the credentials FindCredentials finds in the
// environment; the client logs to log, which also gets the credentials'
// problems as warnings and which form, base and credentials (never the
// secret) the client uses.
func Connect(protocol, endpoint string, log *slog.Logger) (*Client, error) {
	creds, err := FindCredentials(nil, func(w string) { log.Warn(w) })
	if err != nil {
		return nil, err
	}
	c, err := New(protocol, endpoint, creds)
	if err != nil {
		return nil, err
	}
	c.Log = log
	log.Info("Kaggle API", "form", protocol, "base", c.Base, "credentials", creds)
	return c, nil
}

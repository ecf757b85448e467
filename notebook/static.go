package notebook

import (
	"regexp"
	"slices"
)

// netModules are imports whose use means network access.
var netModules = []string{"requests", "urllib", "urllib2", "urllib3", "httpx", "aiohttp", "wget", "socket", "ftplib", "http", "kaggle", "gdown", "yfinance", "tweepy"}

var netUse = regexp.MustCompile(`https?://|!\s*(wget|curl|git\s+clone)\b|\.download\(|from_pretrained\(|load_dataset\(`)

// UsesInternet is the static internet-use check: a notebook that imports a
// network client or names a URL is expected to reach out (runs have no
// network, so it may fail for that reason alone).
func (nb *Notebook) UsesInternet() bool {
	for _, m := range nb.Imports() {
		if slices.Contains(netModules, m) {
			return true
		}
	}
	for _, c := range nb.CodeCells() {
		if netUse.MatchString(c.Source) {
			return true
		}
	}
	return false
}

var pipLine = regexp.MustCompile(`(?m)^\s*[!%]\s*(pip|pip3|conda)\s+install\b`)

// PipInstalls counts `!pip install` lines (which erosion strips, as the
// study did).
func (nb *Notebook) PipInstalls() int {
	n := 0
	for _, c := range nb.CodeCells() {
		n += len(pipLine.FindAllString(c.Source, -1))
	}
	return n
}

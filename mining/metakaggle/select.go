// Package metakaggle selects a study's notebooks from a Meta Kaggle dump and
// copies them out of Meta Kaggle Code (<id padded to 10>[0:4]/[4:7]/<id>.ipynb;
// .py and .r files are scripts and skipped).
//
// The study's filters, each switchable and counted in the funnel: a
// submission to a listed competition with a non-zero private score (the
// target), a Python language id, RunningTimeInMilliseconds ≤ 600 s, no
// internet (IsInternetEnabled, where the dump has it), no attached dataset,
// created before a cutoff, an .ipynb file that parses and whose kernel is
// Python. Dangling keys and missing files are counted, never fatal.
//
// The CSVs are streamed, never loaded: Competitions → Teams → Submissions
// fix the candidate kernel versions (those that produced a submission to a
// listed competition), and every larger table is then read once keeping only
// the rows of those candidates. Memory is bounded by the candidates, not by
// the dump (KernelVersions.csv has ~19M rows).
package metakaggle

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"erosion/mining/builder"
)

// Options are the study's filters; each can be switched off.
type Options struct {
	MetaDir string // folder of the Meta Kaggle CSV files
	CodeDir string // root of Meta Kaggle Code (Mine only)
	// Competitions are the slugs to keep; empty keeps every competition.
	Competitions []string
	// RequireScore keeps versions that are the source of a submission with a
	// non-zero private score (the target score).
	RequireScore bool
	// MaxRuntime keeps versions whose Kaggle run took at most this long
	// (RunningTimeInMilliseconds); 0 switches the filter off.
	MaxRuntime time.Duration
	// NoExternalData drops versions with any KernelVersionDatasetSources row.
	NoExternalData bool
	// NoInternet drops versions that ran with internet access
	// (IsInternetEnabled); versions whose flag is unknown are kept, and the
	// filter is reported as not applied when the dump has no such column.
	NoInternet bool
	// LanguageIDs are the ScriptLanguageId values of Python kernels; empty
	// takes the KernelLanguages.csv rows named "IPython Notebook HTML".
	// Only .ipynb files are mined whatever the ids.
	LanguageIDs []int64
	// Before keeps versions created before this instant; zero: no cutoff.
	Before time.Time
	Log    *slog.Logger
}

// StudyLanguageIDs are the ScriptLanguageId values the study kept as
// Python (its create_kernel_from_kaggle.py), before keeping .ipynb files.
var StudyLanguageIDs = []int64{2, 8, 9, 14}

// StudyCutoff is the study's creation cutoff: versions created before
// 2025-05-31.
var StudyCutoff = time.Date(2025, 5, 31, 0, 0, 0, 0, time.UTC)

// DefaultOptions are the study's filters (no competition list, no cutoff).
func DefaultOptions(metaDir, codeDir string) Options {
	return Options{MetaDir: metaDir, CodeDir: codeDir, RequireScore: true, MaxRuntime: 600 * time.Second,
		NoExternalData: true, NoInternet: true, LanguageIDs: StudyLanguageIDs}
}

// PythonNotebookLanguage is KernelLanguages.Name of Python Jupyter notebooks.
const PythonNotebookLanguage = "IPython Notebook HTML"

// Candidate is a kernel version that passed the CSV filters, with what the
// dump says about it.
type Candidate struct {
	KernelVersionID  int64
	KernelID         int64
	VersionNumber    int
	Competition      string // slug
	CompetitionTitle string
	SubmissionID     int64
	Submitted        time.Time // zero when unreadable
	PrivateScore     *float64  // the target score; nil when unscored
	Title            string
	Created          time.Time // zero when unreadable
	RuntimeMS        int64     // -1 when unknown
	Internet         *bool     // IsInternetEnabled; nil when unknown
	Accelerator      string    // KernelAcceleratorTypes label ("" when unknown)
	GPU              bool      // the accelerator is a GPU
	DockerImage      string
	// CompetitionSources are the slugs of the competitions whose data the
	// version attached (KernelVersionCompetitionSources).
	CompetitionSources []string
	AuthorUserID       int64
	Author             string // Users.UserName; "" when the user is gone
	KernelSlug         string // Kernels.CurrentUrlSlug; "" when the kernel is gone
}

// Ref is the kernel's reference (owner/slug), "" when unknown.
func (c Candidate) Ref() string {
	if c.Author == "" || c.KernelSlug == "" {
		return ""
	}
	return c.Author + "/" + c.KernelSlug
}

type competition struct {
	slug, title string
	selected    bool
}

// submission is the one submission chosen for a kernel version.
type submission struct {
	comp   int64
	id     int64
	date   string
	score  float64
	scored bool
}

type version struct {
	scriptID, author, langID, accelID int64
	number                            int
	title, created, docker            string
	runtimeMS                         int64
	internet                          int8 // -1 unknown, 0 no, 1 yes
}

// present says which optional KernelVersions columns the dump has.
type present struct{ runtime, internet bool }

// bitset holds every team id cheaply, so a submission's missing team (a
// broken reference) is told apart from a team of another competition.
type bitset []uint64

func (b *bitset) set(i int64) {
	if i < 0 {
		return
	}
	w := int(i >> 6)
	if w >= len(*b) {
		*b = append(*b, make([]uint64, w-len(*b)+1+len(*b)/4)...)
	}
	(*b)[w] |= 1 << (uint(i) & 63)
}

func (b bitset) has(i int64) bool {
	w := int(i >> 6)
	return i >= 0 && w < len(b) && b[w]&(1<<(uint(i)&63)) != 0
}

// Select streams the dump and returns the kernel versions that pass the CSV
// filters (sorted by competition, then id) with the funnel so far.
func Select(ctx context.Context, o Options) ([]Candidate, *builder.Funnel, error) {
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	f := builder.NewFunnel("Meta Kaggle "+o.MetaDir, "kernel versions")

	// The small tables first, so a wrong folder fails before the big ones.
	comps, err := readCompetitions(o, f)
	if err != nil {
		return nil, nil, err
	}
	langs, err := languageIDs(o)
	if err != nil {
		return nil, nil, err
	}
	log.Info("competitions read", "selected", countSelected(comps))
	teams, allTeams, err := readTeams(ctx, o.MetaDir, comps, f)
	if err != nil {
		return nil, nil, err
	}
	subs, err := readSubmissions(ctx, o.MetaDir, teams, allTeams, f)
	if err != nil {
		return nil, nil, err
	}
	f.Add("submitted", "kernel versions that are the source of a submission to a listed competition", len(subs))
	if o.RequireScore {
		for kv, s := range subs {
			if !s.scored {
				delete(subs, kv)
			}
		}
		f.Add("scored", "... of a submission with a non-zero private score (the target)", len(subs))
	} else {
		f.Off("scored", "... of a submission with a non-zero private score (the target)", "switched off")
	}
	log.Info("submissions read", "kernel_versions", len(subs))

	// Dataset sources depend only on the candidate ids: read them on the
	// other core while KernelVersions.csv streams.
	var external map[int64]bool
	var extErr error
	var wg sync.WaitGroup
	if o.NoExternalData {
		wg.Go(func() { external, extErr = readDatasetSources(ctx, o.MetaDir, subs) })
	}
	versions, have, err := readVersions(ctx, o.MetaDir, subs)
	wg.Wait()
	if err != nil {
		return nil, nil, err
	}
	f.Broken["submission → kernel version (private or deleted)"] = len(subs) - len(versions)
	f.Add("version-present", "... whose KernelVersions row exists (the dump drops private and deleted versions)", len(versions))
	for kv, v := range versions {
		if !langs[v.langID] {
			delete(versions, kv)
		}
	}
	f.Add("python-notebook", fmt.Sprintf("... in a Python notebook language (ScriptLanguageId %s)", joinIDs(langs)), len(versions))

	switch {
	case o.MaxRuntime <= 0:
		f.Off("runtime", "... that ran on Kaggle within the time limit", "switched off")
	case !have.runtime:
		f.Off("runtime", fmt.Sprintf("... that ran on Kaggle within %s", o.MaxRuntime), "KernelVersions.csv has no RunningTimeInMilliseconds column (older dump)")
		f.Warn("the runtime filter was not applied: this dump has no RunningTimeInMilliseconds")
	default:
		limit := o.MaxRuntime.Milliseconds()
		for kv, v := range versions {
			if v.runtimeMS < 0 || v.runtimeMS > limit {
				delete(versions, kv)
			}
		}
		f.Add("runtime", fmt.Sprintf("... that ran on Kaggle within %s (unknown runtimes dropped)", o.MaxRuntime), len(versions))
	}

	switch {
	case !o.NoInternet:
		f.Off("no-internet", "... that ran without internet access", "switched off")
	case !have.internet:
		f.Off("no-internet", "... that ran without internet access", "KernelVersions.csv has no IsInternetEnabled column (older dump)")
		f.Warn("the internet filter was not applied: this dump has no IsInternetEnabled")
	default:
		unknown := 0
		for kv, v := range versions {
			switch v.internet {
			case 1:
				delete(versions, kv)
			case -1:
				unknown++
			}
		}
		f.Add("no-internet", "... that ran without internet access (IsInternetEnabled; unknown kept)", len(versions))
		if unknown > 0 {
			f.Warn("%d kernel versions have no IsInternetEnabled value and were kept", unknown)
		}
	}

	switch {
	case !o.NoExternalData:
		f.Off("no-external-data", "... with no external dataset attached", "switched off")
	case errors.Is(extErr, errNoFile):
		f.Off("no-external-data", "... with no external dataset attached", "KernelVersionDatasetSources.csv is absent")
		f.Warn("the external-data filter was not applied: %v", extErr)
	case extErr != nil:
		return nil, nil, extErr
	default:
		for kv := range versions {
			if external[kv] {
				delete(versions, kv)
			}
		}
		f.Add("no-external-data", "... with no external dataset attached (KernelVersionDatasetSources)", len(versions))
	}

	unreadable := 0
	if o.Before.IsZero() {
		f.Off("before-cutoff", "... created before the cutoff", "no cutoff given")
	} else {
		for kv, v := range versions {
			t, ok := parseDate(v.created)
			if !ok {
				unreadable++
			}
			if !ok || !t.Before(o.Before) {
				delete(versions, kv)
			}
		}
		f.Add("before-cutoff", "... created before "+o.Before.Format(time.DateOnly), len(versions))
		if unreadable > 0 {
			f.Warn("%d kernel versions had an unreadable CreationDate and were dropped by the cutoff", unreadable)
		}
	}

	kernels, users, err := readKernelsUsers(ctx, o.MetaDir, versions, f)
	if err != nil {
		return nil, nil, err
	}
	sources, err := readCompetitionSources(ctx, o.MetaDir, versions, comps, f)
	if err != nil {
		return nil, nil, err
	}
	accels := readAccelerators(o.MetaDir)

	out := make([]Candidate, 0, len(versions))
	elsewhere := 0
	for kv, v := range versions {
		s := subs[kv]
		c := Candidate{KernelVersionID: kv, KernelID: v.scriptID, VersionNumber: v.number, SubmissionID: s.id,
			Competition: comps[s.comp].slug, CompetitionTitle: comps[s.comp].title, Title: v.title,
			RuntimeMS: v.runtimeMS, DockerImage: v.docker, AuthorUserID: v.author}
		if s.scored {
			c.PrivateScore = &s.score
		}
		c.Submitted, _ = parseDate(s.date)
		c.Created, _ = parseDate(v.created)
		if k, ok := kernels[v.scriptID]; ok {
			c.KernelSlug = k.slug
			if k.author > 0 {
				c.AuthorUserID = k.author
			}
		}
		c.Author = users[c.AuthorUserID]
		if v.accelID >= 0 {
			if l, ok := accels[v.accelID]; ok {
				c.Accelerator = l
			} else {
				c.Accelerator = "type " + strconv.FormatInt(v.accelID, 10)
				f.Broken["kernel version → accelerator type"]++
			}
			c.GPU = strings.Contains(strings.ToLower(c.Accelerator), "gpu")
		}
		if v.internet >= 0 {
			on := v.internet == 1
			c.Internet = &on
		}
		c.CompetitionSources = sources[kv]
		if sources != nil && !slices.Contains(c.CompetitionSources, c.Competition) {
			elsewhere++
		}
		out = append(out, c)
	}
	if elsewhere > 0 {
		f.Warn("%d kernel versions do not attach the data of the competition they submitted to (KernelVersionCompetitionSources)", elsewhere)
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		if c := strings.Compare(a.Competition, b.Competition); c != 0 {
			return c
		}
		return cmp.Compare(a.KernelVersionID, b.KernelVersionID)
	})
	return out, f, ctx.Err()
}

func countSelected(comps map[int64]*competition) int {
	n := 0
	for _, c := range comps {
		if c.selected {
			n++
		}
	}
	return n
}

func joinIDs(set map[int64]bool) string {
	var ids []int64
	for k := range set {
		ids = append(ids, k)
	}
	slices.Sort(ids)
	s := make([]string, len(ids))
	for i, v := range ids {
		s[i] = strconv.FormatInt(v, 10)
	}
	return strings.Join(s, ",")
}

func readCompetitions(o Options, f *builder.Funnel) (map[int64]*competition, error) {
	t, err := openTable(o.MetaDir, "Competitions.csv")
	if err != nil {
		return nil, err
	}
	defer t.close()
	idc, err := t.need("Id")
	if err != nil {
		return nil, err
	}
	slugc, err := t.need("Slug")
	if err != nil {
		return nil, err
	}
	titlec := t.col("Title")
	want := map[string]bool{}
	for _, s := range o.Competitions {
		want[strings.ToLower(s)] = true
	}
	found := map[string]bool{}
	comps := map[int64]*competition{}
	for {
		rec, err := t.next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		cid, ok := id(field(rec, idc))
		if !ok {
			continue
		}
		slug := strings.TrimSpace(field(rec, slugc))
		sel := len(want) == 0 || want[strings.ToLower(slug)]
		if sel {
			found[strings.ToLower(slug)] = true
		}
		comps[cid] = &competition{slug: slug, title: field(rec, titlec), selected: sel && slug != ""}
	}
	var missing []string
	for _, s := range o.Competitions {
		if !found[strings.ToLower(s)] {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		f.Warn("competitions not in Competitions.csv: %s", strings.Join(missing, ", "))
	}
	return comps, nil
}

// readTeams maps the teams of the selected competitions to their
// competition; other teams only go into a bitset.
func readTeams(ctx context.Context, dir string, comps map[int64]*competition, f *builder.Funnel) (map[int64]int64, bitset, error) {
	t, err := openTable(dir, "Teams.csv")
	if err != nil {
		return nil, nil, err
	}
	defer t.close()
	idc, err := t.need("Id")
	if err != nil {
		return nil, nil, err
	}
	compc, err := t.need("CompetitionId")
	if err != nil {
		return nil, nil, err
	}
	teams := map[int64]int64{}
	var all bitset
	for n := 0; ; n++ {
		if n&0xffff == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		rec, err := t.next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, nil, err
		}
		tid, ok := id(field(rec, idc))
		if !ok {
			continue
		}
		all.set(tid)
		cid, ok := id(field(rec, compc))
		c := comps[cid]
		switch {
		case !ok || c == nil:
			f.Broken["team → competition"]++
		case c.selected:
			teams[tid] = cid
		}
	}
	return teams, all, nil
}

// privateScoreColumns are the names the private score has had.
var privateScoreColumns = []string{"PrivateScoreFullPrecision", "PrivateScoreLeaderboardDisplay", "PrivateScore"}

func readSubmissions(ctx context.Context, dir string, teams map[int64]int64, allTeams bitset, f *builder.Funnel) (map[int64]*submission, error) {
	t, err := openTable(dir, "Submissions.csv")
	if err != nil {
		return nil, err
	}
	defer t.close()
	idc, err := t.need("Id")
	if err != nil {
		return nil, err
	}
	teamc, err := t.need("TeamId")
	if err != nil {
		return nil, err
	}
	kvc, err := t.need("SourceKernelVersionId")
	if err != nil {
		return nil, err
	}
	datec := t.col("SubmissionDate", "DateSubmitted")
	scorec := t.col(privateScoreColumns...)
	if scorec < 0 {
		f.Warn("Submissions.csv has no private score column (%s): no version counts as scored", strings.Join(privateScoreColumns, ", "))
	}
	subs := map[int64]*submission{}
	for n := 0; ; n++ {
		if n&0xffff == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		rec, err := t.next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		kvs := field(rec, kvc)
		if kvs == "" {
			continue // not made by a kernel
		}
		kv, ok := id(kvs)
		if !ok {
			f.Broken["submission → kernel version (unreadable id)"]++
			continue
		}
		tid, _ := id(field(rec, teamc))
		cid, ok := teams[tid]
		if !ok {
			if !allTeams.has(tid) {
				f.Broken["submission → team"]++
			}
			continue
		}
		sid, _ := id(field(rec, idc))
		s := &submission{comp: cid, id: sid, date: field(rec, datec)}
		if v, err := strconv.ParseFloat(strings.TrimSpace(field(rec, scorec)), 64); err == nil && v != 0 && !math.IsNaN(v) && !math.IsInf(v, 0) {
			s.score, s.scored = v, true
		}
		// One submission per version, whatever the file order: a scored one
		// over an unscored one, then the earliest.
		if old, ok := subs[kv]; !ok || (s.scored && !old.scored) || (s.scored == old.scored && s.id < old.id) {
			subs[kv] = s
		}
	}
	return subs, nil
}

func languageIDs(o Options) (map[int64]bool, error) {
	set := map[int64]bool{}
	for _, l := range o.LanguageIDs {
		set[l] = true
	}
	if len(set) > 0 {
		return set, nil
	}
	t, err := openTable(o.MetaDir, "KernelLanguages.csv")
	if errors.Is(err, errNoFile) {
		return nil, inputError{fmt.Errorf("%w: without it pass the Python notebook language ids with --language-ids", err)}
	} else if err != nil {
		return nil, err
	}
	defer t.close()
	idc, err := t.need("Id")
	if err != nil {
		return nil, err
	}
	namec, err := t.need("Name")
	if err != nil {
		return nil, err
	}
	for {
		rec, err := t.next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		if strings.EqualFold(strings.TrimSpace(field(rec, namec)), PythonNotebookLanguage) {
			if l, ok := id(field(rec, idc)); ok {
				set[l] = true
			}
		}
	}
	if len(set) == 0 {
		return nil, inputError{fmt.Errorf("%s has no language named %q: pass the Python notebook language ids with --language-ids", t.path, PythonNotebookLanguage)}
	}
	return set, nil
}

// readVersions streams KernelVersions.csv keeping the candidates' rows.
func readVersions(ctx context.Context, dir string, subs map[int64]*submission) (map[int64]*version, present, error) {
	t, err := openTable(dir, "KernelVersions.csv")
	if err != nil {
		return nil, present{}, err
	}
	defer t.close()
	cols := map[string]int{}
	for _, name := range []string{"Id", "ScriptId", "ScriptLanguageId"} {
		if cols[name], err = t.need(name); err != nil {
			return nil, present{}, err
		}
	}
	idc, scriptc, langc := cols["Id"], cols["ScriptId"], cols["ScriptLanguageId"]
	authorc, createdc, numberc, titlec := t.col("AuthorUserId"), t.col("CreationDate"), t.col("VersionNumber"), t.col("Title")
	runtimec, accelc, dockerc, internetc := t.col("RunningTimeInMilliseconds"), t.col("AcceleratorTypeId"), t.col("DockerImage"), t.col("IsInternetEnabled")
	versions := make(map[int64]*version, len(subs))
	for n := 0; ; n++ {
		if n&0xffff == 0 && ctx.Err() != nil {
			return nil, present{}, ctx.Err()
		}
		rec, err := t.next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, present{}, err
		}
		kv, ok := id(field(rec, idc))
		if !ok || subs[kv] == nil {
			continue
		}
		v := &version{runtimeMS: -1, accelID: -1, title: field(rec, titlec), created: field(rec, createdc), docker: strings.TrimSpace(field(rec, dockerc))}
		v.scriptID, _ = id(field(rec, scriptc))
		v.langID, _ = id(field(rec, langc))
		v.author, _ = id(field(rec, authorc))
		if num, ok := id(field(rec, numberc)); ok {
			v.number = int(num)
		}
		if ms, err := strconv.ParseFloat(strings.TrimSpace(field(rec, runtimec)), 64); err == nil && ms >= 0 {
			v.runtimeMS = int64(ms)
		}
		if a, ok := id(field(rec, accelc)); ok {
			v.accelID = a
		}
		v.internet = -1
		if b, err := strconv.ParseBool(strings.TrimSpace(field(rec, internetc))); err == nil {
			v.internet = 0
			if b {
				v.internet = 1
			}
		}
		versions[kv] = v
	}
	return versions, present{runtime: runtimec >= 0, internet: internetc >= 0}, nil
}

// readCompetitionSources lists, for the survivors, the competitions whose
// data they attached. A source naming no known competition is a broken
// reference; an absent file leaves the sources unknown (nil).
func readCompetitionSources(ctx context.Context, dir string, versions map[int64]*version, comps map[int64]*competition, f *builder.Funnel) (map[int64][]string, error) {
	t, err := openTable(dir, "KernelVersionCompetitionSources.csv")
	if errors.Is(err, errNoFile) {
		f.Warn("KernelVersionCompetitionSources.csv is absent: the competitions whose data each version attached are unknown")
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	defer t.close()
	kvc, err := t.need("KernelVersionId")
	if err != nil {
		return nil, err
	}
	compc, err := t.need("SourceCompetitionId")
	if err != nil {
		return nil, err
	}
	out := map[int64][]string{}
	for n := 0; ; n++ {
		if n&0xffff == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		rec, err := t.next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		kv, ok := id(field(rec, kvc))
		if !ok || versions[kv] == nil {
			continue
		}
		cid, _ := id(field(rec, compc))
		c := comps[cid]
		if c == nil {
			f.Broken["competition source → competition"]++
			continue
		}
		if !slices.Contains(out[kv], c.slug) {
			out[kv] = append(out[kv], c.slug)
		}
	}
	for _, s := range out {
		slices.Sort(s)
	}
	return out, nil
}

func readDatasetSources(ctx context.Context, dir string, subs map[int64]*submission) (map[int64]bool, error) {
	t, err := openTable(dir, "KernelVersionDatasetSources.csv")
	if err != nil {
		return nil, err
	}
	defer t.close()
	kvc, err := t.need("KernelVersionId")
	if err != nil {
		return nil, err
	}
	ext := map[int64]bool{}
	for n := 0; ; n++ {
		if n&0xffff == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		rec, err := t.next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		if kv, ok := id(field(rec, kvc)); ok && subs[kv] != nil {
			ext[kv] = true
		}
	}
	return ext, nil
}

type kernel struct {
	slug   string
	author int64
}

// readKernelsUsers resolves the survivors' kernels (URL slug, author) and
// authors (user name). A missing file or row is a broken reference, not a
// filter: the notebook is kept with what is known.
func readKernelsUsers(ctx context.Context, dir string, versions map[int64]*version, f *builder.Funnel) (map[int64]kernel, map[int64]string, error) {
	needK := map[int64]bool{}
	for _, v := range versions {
		needK[v.scriptID] = true
	}
	kernels := map[int64]kernel{}
	t, err := openTable(dir, "Kernels.csv")
	switch {
	case errors.Is(err, errNoFile):
		f.Warn("Kernels.csv is absent: notebooks are named by kernel version id")
	case err != nil:
		return nil, nil, err
	default:
		defer t.close()
		idc, err := t.need("Id")
		if err != nil {
			return nil, nil, err
		}
		slugc, authorc := t.col("CurrentUrlSlug"), t.col("AuthorUserId")
		for n := 0; ; n++ {
			if n&0xffff == 0 && ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			rec, err := t.next()
			if err == io.EOF {
				break
			} else if err != nil {
				return nil, nil, err
			}
			if k, ok := id(field(rec, idc)); ok && needK[k] {
				a, _ := id(field(rec, authorc))
				kernels[k] = kernel{slug: strings.TrimSpace(field(rec, slugc)), author: a}
			}
		}
	}
	needU := map[int64]bool{}
	for _, v := range versions {
		k, ok := kernels[v.scriptID]
		if !ok {
			f.Broken["kernel version → kernel"]++
		}
		if k.author > 0 {
			needU[k.author] = true
		} else {
			needU[v.author] = true
		}
	}
	users := map[int64]string{}
	u, err := openTable(dir, "Users.csv")
	switch {
	case errors.Is(err, errNoFile):
		f.Warn("Users.csv is absent: authors are unknown")
		return kernels, users, nil
	case err != nil:
		return nil, nil, err
	}
	defer u.close()
	idc, err := u.need("Id")
	if err != nil {
		return nil, nil, err
	}
	namec := u.col("UserName")
	for n := 0; ; n++ {
		if n&0xffff == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		rec, err := u.next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, nil, err
		}
		if uid, ok := id(field(rec, idc)); ok && needU[uid] {
			users[uid] = strings.TrimSpace(field(rec, namec))
		}
	}
	for uid := range needU {
		if users[uid] == "" {
			f.Broken["kernel → user"]++
		}
	}
	return kernels, users, nil
}

// readAccelerators reads KernelAcceleratorTypes.csv (Id, Label) when the
// dump has it.
func readAccelerators(dir string) map[int64]string {
	out := map[int64]string{}
	t, err := openTable(dir, "KernelAcceleratorTypes.csv")
	if err != nil {
		return out
	}
	defer t.close()
	idc, labelc := t.col("Id"), t.col("Label")
	for {
		rec, err := t.next()
		if err != nil {
			return out
		}
		if a, ok := id(field(rec, idc)); ok {
			out[a] = strings.TrimSpace(field(rec, labelc))
		}
	}
}

// Describe says which filters o applies, for the dataset's description;
// list is the file the competitions were read from.
func (o Options) Describe(list string) string {
	var parts []string
	if list != "" {
		parts = append(parts, "competitions in "+filepath.Base(list))
	}
	if o.RequireScore {
		parts = append(parts, "scored submission (private score = target)")
	}
	if o.MaxRuntime > 0 {
		parts = append(parts, "Kaggle runtime ≤ "+o.MaxRuntime.String())
	}
	if o.NoExternalData {
		parts = append(parts, "no external datasets")
	}
	if o.NoInternet {
		parts = append(parts, "no internet")
	}
	parts = append(parts, "Python notebooks")
	if !o.Before.IsZero() {
		parts = append(parts, "created before "+o.Before.Format(time.DateOnly))
	}
	return strings.Join(parts, ", ")
}

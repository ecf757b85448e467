// Package synthdump writes synthetic Meta Kaggle dumps for tests and
// benchmarks: the CSV files with the documented columns (see
// shared/reference/meta-kaggle.md), written by encoding/csv so titles with
// commas, quotes and newlines are quoted as in the real files, plus Meta
// Kaggle Code notebook files at their documented paths.
package synthdump

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// Columns of the tables the miner reads, in the order of a current Meta
// Kaggle release (2025-26). Sources, facts only: a schema of every table
// written from a recent release, which agrees with a Competitions.csv
// column set listed by a dataset viewer and with an Arrow schema that reads
// Submissions.csv positionally (see shared/reference/meta-kaggle.md for the
// older column lists). KernelVersionsOld is the set of older releases,
// without the run columns.
var (
	Competitions = []string{"Id", "Slug", "Title", "Subtitle", "HostSegmentTitle", "ForumId", "OrganizationId",
		"EnabledDate", "DeadlineDate", "ProhibitNewEntrantsDeadlineDate", "TeamMergerDeadlineDate", "TeamModelDeadlineDate", "ModelSubmissionDeadlineDate",
		"FinalLeaderboardHasBeenVerified", "HasKernels", "OnlyAllowKernelSubmissions", "HasLeaderboard", "LeaderboardPercentage", "ScoreTruncationNumDecimals",
		"EvaluationAlgorithmAbbreviation", "EvaluationAlgorithmName", "EvaluationAlgorithmDescription", "EvaluationAlgorithmIsMax",
		"MaxDailySubmissions", "NumScoredSubmissions", "MaxTeamSize", "BanTeamMergers", "EnableTeamModels",
		"RewardType", "RewardQuantity", "NumPrizes", "UserRankMultiplier", "CanQualifyTiers", "TotalTeams", "TotalCompetitors", "TotalSubmissions",
		"LicenseName", "Overview", "Rules", "DatasetDescription", "TotalCompressedBytes", "TotalUncompressedBytes",
		"ValidationSetName", "ValidationSetValue", "EnableSubmissionModelHashes", "EnableSubmissionModelAttachments", "HostName", "CompetitionTypeId"}
	Teams = []string{"Id", "CompetitionId", "TeamLeaderId", "TeamName", "ScoreFirstSubmittedDate", "LastSubmissionDate",
		"PublicLeaderboardSubmissionId", "PrivateLeaderboardSubmissionId", "IsBenchmark", "Medal", "MedalAwardDate",
		"PublicLeaderboardRank", "PrivateLeaderboardRank", "WriteUpForumTopicId"}
	Submissions = []string{"Id", "SubmittedUserId", "TeamId", "SourceKernelVersionId", "SubmissionDate", "ScoreDate", "IsAfterDeadline", "IsSelected",
		"PublicScoreLeaderboardDisplay", "PublicScoreFullPrecision", "PrivateScoreLeaderboardDisplay", "PrivateScoreFullPrecision"}
	Kernels = []string{"Id", "AuthorUserId", "CurrentKernelVersionId", "ForkParentKernelVersionId", "ForumTopicId", "FirstKernelVersionId",
		"CreationDate", "EvaluationDate", "MadePublicDate", "IsProjectLanguageTemplate", "CurrentUrlSlug", "Medal", "MedalAwardDate", "TotalViews", "TotalComments", "TotalVotes"}
	// KernelVersionsOld is the column set of older dumps.
	KernelVersionsOld = []string{"Id", "ScriptId", "ParentScriptVersionId", "ScriptLanguageId", "AuthorUserId", "CreationDate", "VersionNumber", "Title", "EvaluationDate", "IsChange",
		"TotalLines", "LinesInsertedFromPrevious", "LinesChangedFromPrevious", "LinesUnchangedFromPrevious",
		"LinesInsertedFromFork", "LinesDeletedFromFork", "LinesChangedFromFork", "LinesUnchangedFromFork", "TotalVotes"}
	// KernelVersions is the column set of current dumps.
	KernelVersions                  = append(append([]string{}, KernelVersionsOld...), "IsInternetEnabled", "RunningTimeInMilliseconds", "AcceleratorTypeId", "DockerImage")
	KernelVersionCompetitionSources = []string{"Id", "KernelVersionId", "SourceCompetitionId"}
	KernelVersionDatasetSources     = []string{"Id", "KernelVersionId", "SourceDatasetVersionId"}
	KernelLanguages                 = []string{"Id", "Name", "DisplayName", "IsNotebook"}
	KernelAcceleratorTypes          = []string{"Id", "Label"}
	Users                           = []string{"Id", "UserName", "DisplayName", "RegisterDate", "PerformanceTier", "Country", "LocationSharingOptOut"}
)

// headers maps each file to its default columns.
var headers = map[string][]string{
	"Competitions.csv": Competitions, "Teams.csv": Teams, "Submissions.csv": Submissions, "Kernels.csv": Kernels,
	"KernelVersions.csv": KernelVersions, "KernelVersionDatasetSources.csv": KernelVersionDatasetSources,
	"KernelVersionCompetitionSources.csv": KernelVersionCompetitionSources,
	"KernelLanguages.csv":                 KernelLanguages, "KernelAcceleratorTypes.csv": KernelAcceleratorTypes, "Users.csv": Users,
}

// Languages are KernelLanguages rows as seen in dumps: 9 is the Python
// notebook language in this synthetic dump.
var Languages = [][]string{{"1", "R", "R", "False"}, {"2", "Python", "Python", "False"}, {"8", "IPython Notebook", "Python notebook (old)", "True"},
	{"9", "IPython Notebook HTML", "Python", "True"}, {"12", "RMarkdown", "R Markdown", "False"}}

// Dump collects rows for a small, hand-written dump.
type Dump struct {
	Dir     string
	headers map[string][]string
	rows    map[string][][]string
	order   []string
}

// New starts a dump in dir.
func New(dir string) *Dump {
	return &Dump{Dir: dir, headers: map[string][]string{}, rows: map[string][][]string{}}
}

// Header sets a file's columns (e.g. KernelVersionsOld, or a shuffled or
// reduced set); by default each file has its documented columns.
func (d *Dump) Header(file string, cols []string) { d.touch(file); d.headers[file] = cols }

func (d *Dump) touch(file string) {
	if _, ok := d.headers[file]; !ok {
		d.headers[file] = headers[file]
		d.order = append(d.order, file)
	}
}

// Row adds a row given as column, value pairs; unnamed columns are empty.
func (d *Dump) Row(file string, pairs ...string) {
	d.touch(file)
	vals := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		vals[pairs[i]] = pairs[i+1]
	}
	cols := d.headers[file]
	row := make([]string, len(cols))
	for i, c := range cols {
		row[i] = vals[c]
		delete(vals, c)
	}
	if len(vals) > 0 {
		panic(fmt.Sprintf("synthdump: %s has no columns %v", file, vals))
	}
	d.rows[file] = append(d.rows[file], row)
}

// Raw appends text to a file as is, after its rows: for malformed lines.
func (d *Dump) Raw(file, text string) {
	d.touch(file)
	d.rows[file] = append(d.rows[file], []string{"\x00raw", text})
}

// Write writes every file that has a header.
func (d *Dump) Write() error {
	if err := os.MkdirAll(d.Dir, 0o755); err != nil {
		return err
	}
	for _, file := range d.order {
		f, err := os.Create(filepath.Join(d.Dir, file))
		if err != nil {
			return err
		}
		bw := bufio.NewWriter(f)
		w := csv.NewWriter(bw)
		w.Write(d.headers[file])
		for _, r := range d.rows[file] {
			if len(r) == 2 && r[0] == "\x00raw" {
				w.Flush()
				bw.WriteString(r[1])
				continue
			}
			w.Write(r)
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}

// CodeFile writes a Meta Kaggle Code file for a kernel version: the id
// zero-padded to ten digits split 4/3, the file named by the plain id.
func CodeFile(codeDir string, kernelVersionID int64, ext string, content []byte) error {
	padded := fmt.Sprintf("%010d", kernelVersionID)
	dir := filepath.Join(codeDir, padded[:4], padded[4:7])
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, strconv.FormatInt(kernelVersionID, 10)+ext), content, 0o644)
}

// Notebook4 is a minimal nbformat 4 notebook of the given code cells.
func Notebook4(cells ...string) []byte {
	var cs []any
	for _, c := range cells {
		cs = append(cs, map[string]any{"cell_type": "code", "execution_count": nil, "metadata": map[string]any{}, "outputs": []any{}, "source": c})
	}
	return mustJSON(map[string]any{"nbformat": 4, "nbformat_minor": 4, "cells": cs,
		"metadata": map[string]any{"kernelspec": map[string]any{"name": "python3", "language": "python", "display_name": "Python 3"}}})
}

// Notebook3 is a minimal nbformat 3 notebook (worksheets[].cells[], code in
// "input" as a list of lines), as early Kaggle kernels were saved.
func Notebook3(cells ...string) []byte {
	var cs []any
	for _, c := range cells {
		cs = append(cs, map[string]any{"cell_type": "code", "collapsed": false, "input": splitKeep(c), "language": "python", "metadata": map[string]any{}, "outputs": []any{}})
	}
	return mustJSON(map[string]any{"nbformat": 3, "nbformat_minor": 0, "metadata": map[string]any{"name": ""},
		"worksheets": []any{map[string]any{"cells": cs, "metadata": map[string]any{}}}})
}

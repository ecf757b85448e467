package synthdump

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Scale sizes a generated dump. The ratios follow a real dump (one had
// ~19M kernel versions, ~1.9M kernels).
type Scale struct {
	KernelVersions int
	Competitions   int // of which Listed are in the competition list
	Listed         int
}

// Generated says what Generate wrote.
type Generated struct {
	ListFile string         // the competition list (one slug a line)
	Rows     map[string]int // rows per file
	Bytes    int64          // total size of the CSV files
}

// Generate writes a large random dump into dir, deterministically: every
// table the miner joins, with broken references (submissions of missing
// versions and teams), titles with commas, quotes and newlines, unscored
// submissions, GPU kernels, long runtimes and external datasets, so each
// filter drops some rows. Dates use the documented "%m/%d/%Y %H:%M:%S".
func Generate(dir string, sc Scale) (*Generated, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	g := &Generated{Rows: map[string]int{}, ListFile: filepath.Join(dir, "competitions.txt")}
	nKV := sc.KernelVersions
	nKernels := max(nKV/10, 1)
	nUsers := max(nKV/20, 1)
	nTeams := max(nKV/8, 1)
	nSubs := max(nKV/4, 1)
	nSources := max(nKV/10, 1)
	base := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	date := func() string {
		return base.Add(time.Duration(rng.Int64N(int64(10 * 365 * 24 * time.Hour)))).Format("01/02/2006 15:04:05")
	}

	write := func(name string, header []string, n int, row func(i int, r []string)) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		w := csv.NewWriter(bw)
		w.Write(header)
		r := make([]string, len(header))
		for i := range n {
			for j := range r {
				r[j] = ""
			}
			row(i, r)
			w.Write(r)
		}
		w.Flush()
		if err := bw.Flush(); err != nil {
			return err
		}
		st, _ := f.Stat()
		g.Bytes += st.Size()
		g.Rows[name] = n
		return f.Close()
	}
	col := func(h []string) map[string]int {
		m := map[string]int{}
		for i, c := range h {
			m[c] = i
		}
		return m
	}

	list, err := os.Create(g.ListFile)
	if err != nil {
		return nil, err
	}
	c := col(Competitions)
	err = write("Competitions.csv", Competitions, sc.Competitions, func(i int, r []string) {
		r[c["Id"]] = strconv.Itoa(i + 1)
		r[c["Slug"]] = fmt.Sprintf("competition-%d", i+1)
		r[c["Title"]] = fmt.Sprintf("Competition %d, \"synthetic\"", i+1)
		r[c["EnabledDate"]], r[c["DeadlineDate"]] = date(), date()
		r[c["EvaluationAlgorithmIsMax"]] = "True"
		if i < sc.Listed {
			fmt.Fprintf(list, "competition-%d\n", i+1)
		}
	})
	if err != nil {
		return nil, err
	}
	if err := list.Close(); err != nil {
		return nil, err
	}
	c = col(Teams)
	err = write("Teams.csv", Teams, nTeams, func(i int, r []string) {
		r[c["Id"]] = strconv.Itoa(i + 1)
		r[c["CompetitionId"]] = strconv.Itoa(1 + rng.IntN(sc.Competitions))
		r[c["TeamLeaderId"]] = strconv.Itoa(1 + rng.IntN(nUsers))
		r[c["TeamName"]] = "team " + strconv.Itoa(i+1)
		r[c["LastSubmissionDate"]] = date()
	})
	if err != nil {
		return nil, err
	}
	c = col(Submissions)
	err = write("Submissions.csv", Submissions, nSubs, func(i int, r []string) {
		r[c["Id"]] = strconv.Itoa(i + 1)
		r[c["SubmittedUserId"]] = strconv.Itoa(1 + rng.IntN(nUsers))
		r[c["TeamId"]] = strconv.Itoa(1 + rng.IntN(nTeams+nTeams/50)) // ~2% of teams are missing
		if rng.IntN(10) < 6 {                                         // 60% come from a kernel; some versions are missing
			r[c["SourceKernelVersionId"]] = strconv.Itoa(1 + rng.IntN(nKV+nKV/20))
		}
		r[c["SubmissionDate"]] = date()
		if rng.IntN(10) < 8 {
			s := strconv.FormatFloat(rng.Float64(), 'f', 5, 64)
			r[c["PublicScoreFullPrecision"]], r[c["PrivateScoreFullPrecision"]] = s, s
		} else if rng.IntN(2) == 0 {
			r[c["PrivateScoreFullPrecision"]] = "0"
		}
	})
	if err != nil {
		return nil, err
	}
	c = col(KernelVersions)
	err = write("KernelVersions.csv", KernelVersions, nKV, func(i int, r []string) {
		r[c["Id"]] = strconv.Itoa(i + 1)
		r[c["ScriptId"]] = strconv.Itoa(1 + rng.IntN(nKernels))
		r[c["ScriptLanguageId"]] = []string{"9", "9", "9", "2", "1", "8"}[rng.IntN(6)]
		r[c["AuthorUserId"]] = strconv.Itoa(1 + rng.IntN(nUsers))
		r[c["CreationDate"]] = date()
		r[c["VersionNumber"]] = strconv.Itoa(1 + rng.IntN(30))
		switch rng.IntN(20) {
		case 0:
			r[c["Title"]] = "A \"quoted\" title, with a comma"
		case 1:
			r[c["Title"]] = "Two-line\ntitle"
		default:
			r[c["Title"]] = "Kernel version " + strconv.Itoa(i+1)
		}
		r[c["EvaluationDate"]] = date()
		r[c["IsChange"]] = "True"
		r[c["TotalLines"]] = strconv.Itoa(rng.IntN(2000))
		r[c["TotalVotes"]] = strconv.Itoa(rng.IntN(50))
		r[c["IsInternetEnabled"]] = []string{"True", "False"}[rng.IntN(2)]
		r[c["RunningTimeInMilliseconds"]] = strconv.Itoa(rng.IntN(1_200_000))
		r[c["AcceleratorTypeId"]] = []string{"0", "0", "0", "1", "2"}[rng.IntN(5)]
		r[c["DockerImage"]] = "gcr.io/kaggle-images/python:v" + strconv.Itoa(50+rng.IntN(120))
	})
	if err != nil {
		return nil, err
	}
	c = col(KernelVersionDatasetSources)
	err = write("KernelVersionDatasetSources.csv", KernelVersionDatasetSources, nSources, func(i int, r []string) {
		r[c["Id"]] = strconv.Itoa(i + 1)
		r[c["KernelVersionId"]] = strconv.Itoa(1 + rng.IntN(nKV))
		r[c["SourceDatasetVersionId"]] = strconv.Itoa(1 + rng.IntN(100000))
	})
	if err != nil {
		return nil, err
	}
	c = col(Kernels)
	err = write("Kernels.csv", Kernels, nKernels, func(i int, r []string) {
		r[c["Id"]] = strconv.Itoa(i + 1)
		r[c["AuthorUserId"]] = strconv.Itoa(1 + rng.IntN(nUsers))
		r[c["CurrentUrlSlug"]] = "kernel-" + strconv.Itoa(i+1)
		r[c["CreationDate"]] = date()
	})
	if err != nil {
		return nil, err
	}
	c = col(Users)
	err = write("Users.csv", Users, nUsers, func(i int, r []string) {
		r[c["Id"]] = strconv.Itoa(i + 1)
		r[c["UserName"]] = "user" + strconv.Itoa(i+1)
		r[c["DisplayName"]] = "User, number " + strconv.Itoa(i+1)
		r[c["RegisterDate"]] = date()
		r[c["PerformanceTier"]] = strconv.Itoa(rng.IntN(5))
	})
	if err != nil {
		return nil, err
	}
	err = write("KernelLanguages.csv", KernelLanguages, len(Languages), func(i int, r []string) { copy(r, Languages[i]) })
	if err != nil {
		return nil, err
	}
	err = write("KernelAcceleratorTypes.csv", KernelAcceleratorTypes, 3, func(i int, r []string) {
		r[0], r[1] = strconv.Itoa(i), []string{"None", "GPU P100", "TPU v3-8"}[i]
	})
	return g, err
}

package synthdump

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// The cut of a current Meta Kaggle release that WriteRelease writes: every
// table the miner reads with the current release's columns in their order,
// a few hundred rows, MM/DD/YYYY dates, True/False flags, and one kernel
// version per way of being dropped, plus rows nothing selects (uploads
// without a kernel, other competitions, unsubmitted versions). The values
// are written for erosion, in the shape of the real ones; the labels of
// KernelAcceleratorTypes and the DockerImage values are not documented
// (shared/reference/meta-kaggle.md) and are plausible, not copied.

// ReleaseCase is a submitted kernel version of the release and what the
// study's filters do with it.
type ReleaseCase struct {
	KernelVersionID int64
	Competition     string
	Outcome         string // "kept", or the funnel stage that drops it
}

// Release competitions: MLE-bench ones, two that are not, one row a team
// points at that the release lacks.
var releaseComps = []struct {
	id                          int64
	slug, title, metric         string
	enabled, deadline           string
	isMax                       bool
	teams, competitors, entries int
}{
	{3136, "titanic", "Titanic - Machine Learning from Disaster", "Categorization Accuracy", "09/28/2012 21:13:33", "01/01/2030 00:00:00", true, 15000, 15500, 60000},
	{3949, "random-acts-of-pizza", "Random Acts of Pizza", "Area Under Receiver Operating Characteristic Curve", "05/29/2014 18:22:20", "06/01/2015 23:59:00", true, 462, 490, 3300},
	{5407, "house-prices-advanced-regression-techniques", "House Prices - Advanced Regression Techniques", "Root Mean Squared Logarithmic Error", "08/30/2016 01:10:13", "01/01/2030 00:00:00", false, 4700, 4900, 40000},
	{5408, "leaf-classification", "Leaf Classification", "Multi Class Log Loss", "08/30/2016 16:42:33", "02/28/2017 23:59:00", false, 1595, 1659, 20000},
	{7327, "dog-breed-identification", "Dog Breed Identification", "Multi Class Log Loss", "09/29/2017 20:17:52", "02/27/2018 23:59:00", false, 1280, 1375, 9500},
	{7516, "spooky-author-identification", "Spooky Author Identification", "Multi Class Log Loss", "10/25/2017 16:04:43", "12/15/2017 23:59:00", false, 1244, 1343, 11500},
	{10170, "new-york-city-taxi-fare-prediction", "New York City Taxi Fare Prediction", "Root Mean Squared Error", "07/25/2018 18:25:27", "09/25/2018 23:59:00", false, 1483, 1597, 23000},
	{13435, "aerial-cactus-identification", "Aerial Cactus Identification", "Area Under Receiver Operating Characteristic Curve", "03/08/2019 15:05:48", "07/08/2019 23:59:00", true, 1222, 1303, 7900},
	{33101, "tabular-playground-series-may-2022", "Tabular Playground Series - May 2022", "Area Under Receiver Operating Characteristic Curve", "05/01/2022 00:00:00", "05/31/2022 23:59:00", true, 1151, 1212, 10900},
}

// Language rows: only the name "IPython Notebook HTML" (Python notebooks) is
// documented; 2, 8, 9 and 14 are the ids the study kept as Python.
var releaseLanguages = [][]string{
	{"1", "R", "R", "False"}, {"2", "Python", "Python", "False"}, {"3", "SQLite", "SQLite", "False"},
	{"5", "Julia", "Julia", "False"}, {"8", "IPython Notebook", "Python", "True"}, {"9", "IPython Notebook HTML", "Python", "True"},
	{"12", "RMarkdown", "RMarkdown", "False"}, {"13", "R Notebook", "R", "True"}, {"14", "Python Notebook", "Python", "True"},
}

var releaseAccelerators = [][]string{{"0", "None"}, {"1", "GPU P100"}, {"2", "TPU v3-8"}, {"3", "GPU T4 x2"}}

// kcase is one submitted kernel version: its kernel, the submission, the
// version's row and its file in Meta Kaggle Code.
type kcase struct {
	kv, kernel, user int64
	comp             string
	lang             int
	created          string // MM/DD/YYYY HH:MM:SS
	runtimeMS        string // "" unknown
	internet, accel  string
	docker           string
	private          string // "" unscored
	file             string // "nb4", "nb4kaggle", "nb3", "py", "r", "irnb", "broken", "" (none)
	noVersionRow     bool   // the release dropped the version (private or deleted)
	noKernelRow      bool
	external         bool
	outcome          string
	slug, title      string
}

func releaseCases() []kcase {
	k := func(kv, kernel, user int64, comp string, lang int, created, runtime, internet, accel, docker, private, file, outcome, slug, title string) kcase {
		return kcase{kv: kv, kernel: kernel, user: user, comp: comp, lang: lang, created: created, runtimeMS: runtime, internet: internet,
			accel: accel, docker: docker, private: private, file: file, outcome: outcome, slug: slug, title: title}
	}
	const v50, v67, v90, v116 = "gcr.io/kaggle-images/python:v50", "gcr.io/kaggle-images/python:v67", "gcr.io/kaggle-images/python:v90", "gcr.io/kaggle-images/python:v116"
	const g90 = "gcr.io/kaggle-gpu-images/python:v90"
	cs := []kcase{
		// Kept.
		k(1281904, 561203, 1089462, "leaf-classification", 9, "11/02/2016 14:21:07", "35117", "", "", "", "0.04213", "nb3", "kept", "leaf-classification-random-forest", "Leaf classification: random forest"),
		k(1309877, 570118, 907155, "leaf-classification", 9, "11/09/2016 09:03:51", "12880", "", "", "", "0.01852", "nb3", "kept", "logistic-regression-on-leaf-margins", "Logistic regression on leaf margins"),
		k(2047733, 710342, 1402273, "spooky-author-identification", 9, "11/13/2017 20:45:12", "48211", "False", "0", v50, "0.42370", "nb4", "kept", "tf-idf-and-naive-bayes", "TF-IDF and naive Bayes"),
		k(2063115, 713970, 1215540, "spooky-author-identification", 9, "11/17/2017 11:02:44", "391007", "False", "0", v50, "0.38841", "nb3", "kept", "char-ngrams-logreg", "Char n-grams + LogReg"),
		k(2101456, 719822, 907155, "spooky-author-identification", 9, "11/29/2017 18:30:09", "112893", "False", "0", v50, "0.47102", "nb4", "kept", "spooky-word-counts", "Spooky word counts"),
		k(2298015, 741009, 1760022, "dog-breed-identification", 9, "01/20/2018 07:19:58", "574120", "False", "1", "", "1.02274", "nb4", "kept", "breed-from-color-histograms", "Breed from colour histograms"),
		k(5128840, 1002911, 2035117, "new-york-city-taxi-fare-prediction", 9, "08/14/2018 22:41:36", "203552", "False", "0", v67, "3.41873", "nb4", "kept", "taxi-fare-linear-baseline", "Taxi fare: linear baseline"),
		k(5309771, 1017443, 1988310, "new-york-city-taxi-fare-prediction", 14, "09/02/2018 13:17:20", "455803", "False", "0", v67, "3.20511", "nb4", "kept", "haversine-and-gbm", "Haversine + GBM"),
		k(13488820, 1533001, 3104227, "aerial-cactus-identification", 9, "04/02/2019 16:55:03", "537114", "False", "1", g90, "0.99562", "nb4kaggle", "kept", "cactus-small-cnn", "Cactus: a small CNN"),
		k(14020338, 1561204, 2912880, "aerial-cactus-identification", 9, "05/10/2019 10:08:45", "98734", "False", "0", v90, "0.97011", "nb4kaggle", "kept", "cactus-pixel-statistics", "Cactus from pixel statistics"),
		k(94316622, 9817430, 8841022, "tabular-playground-series-may-2022", 9, "05/09/2022 19:26:31", "312450", "False", "0", v116, "0.93184", "nb4kaggle", "kept", "tps-may-22-feature-interactions", "TPS May 22: feature interactions"),
		k(95120045, 9870102, 7713390, "tabular-playground-series-may-2022", 9, "05/21/2022 06:48:12", "588271", "False", "3", "gcr.io/kaggle-gpu-images/python:v116", "0.99120", "nb4kaggle", "kept", "tps-may-keras-mlp", "TPS May: Keras MLP"),
		// Dropped, one way each.
		k(2051002, 711208, 1402273, "spooky-author-identification", 9, "11/14/2017 08:12:40", "50012", "False", "0", v50, "", "nb4", "scored", "spooky-first-try", "Spooky: first try"),
		k(2311187, 742650, 1760022, "dog-breed-identification", 9, "01/22/2018 12:00:41", "420551", "False", "1", "", "0", "nb4", "scored", "dog-breed-zero", "Dog breed (broken submission)"),
		k(5211090, 1009871, 2035117, "new-york-city-taxi-fare-prediction", 9, "08/22/2018 08:54:19", "", "", "", "", "3.80112", "", "version-present", "", ""),
		k(1290311, 564417, 1089462, "leaf-classification", 1, "11/04/2016 17:40:02", "", "", "", "", "0.06621", "r", "python-notebook", "leaf-classification-in-r", "Leaf classification in R"),
		k(2088164, 716590, 1215540, "spooky-author-identification", 12, "11/24/2017 21:14:55", "60218", "False", "0", v50, "0.51006", "", "python-notebook", "spooky-tidytext", "Spooky tidytext"),
		k(2344561, 745880, 2241906, "dog-breed-identification", 9, "01/28/2018 15:33:27", "2915330", "False", "1", "", "0.68904", "nb4", "runtime", "dog-breed-resnet-features", "Dog breed: ResNet features"),
		k(5401212, 1023339, 1988310, "new-york-city-taxi-fare-prediction", 9, "09/10/2018 20:02:18", "601002", "False", "0", v67, "3.06660", "nb4", "runtime", "taxi-lightgbm-full-data", "Taxi: LightGBM on all rows"),
		k(1300478, 566122, 907155, "leaf-classification", 9, "11/07/2016 12:25:50", "", "", "", "", "0.03317", "nb3", "runtime", "leaf-knn", "Leaf kNN"),
		k(13702455, 1545602, 3104227, "aerial-cactus-identification", 9, "04/19/2019 09:12:09", "310020", "True", "1", g90, "0.99870", "nb4kaggle", "no-internet", "cactus-pretrained-densenet", "Cactus: pretrained DenseNet"),
		k(94877310, 9851206, 8841022, "tabular-playground-series-may-2022", 9, "05/17/2022 22:05:44", "402777", "True", "0", v116, "0.97723", "nb4kaggle", "no-internet", "tps-may-autogluon", "TPS May: AutoGluon"),
		k(2070020, 714851, 2508814, "spooky-author-identification", 9, "11/19/2017 13:48:36", "87420", "False", "0", v50, "0.35517", "nb4", "no-external-data", "spooky-glove-features", "Spooky GloVe features"),
		k(94600127, 9833418, 7713390, "tabular-playground-series-may-2022", 9, "05/12/2022 17:30:00", "254118", "False", "0", v116, "0.96540", "nb4kaggle", "no-external-data", "tps-may-external-oof", "TPS May with external OOF"),
		k(231880541, 9870102, 7713390, "tabular-playground-series-may-2022", 9, "06/14/2025 10:19:27", "301554", "False", "0", "gcr.io/kaggle-images/python:v160", "0.99095", "nb4kaggle", "before-cutoff", "tps-may-keras-mlp", "TPS May: Keras MLP (late)"),
		k(2072944, 715003, 2508814, "spooky-author-identification", 2, "11/20/2017 10:01:13", "33080", "False", "0", v50, "0.45560", "py", "code-ipynb", "spooky-script", "Spooky script"),
		k(5250478, 1012205, 2035117, "new-york-city-taxi-fare-prediction", 9, "08/27/2018 11:29:50", "144016", "False", "0", v67, "3.55012", "", "code-ipynb", "taxi-fare-by-hour", "Taxi fare by hour"),
		k(13910004, 1556021, 2912880, "aerial-cactus-identification", 9, "05/01/2019 08:40:51", "80211", "False", "0", v90, "0.95872", "", "code-ipynb", "cactus-hog-svm", "Cactus: HOG + SVM"),
		k(2122330, 722471, 1215540, "spooky-author-identification", 9, "12/04/2017 23:57:06", "71445", "False", "0", v50, "0.40108", "broken", "parses", "spooky-ensemble", "Spooky ensemble"),
		k(5377719, 1020036, 1988310, "new-york-city-taxi-fare-prediction", 8, "09/07/2018 14:11:39", "190223", "False", "0", v67, "3.98170", "irnb", "python-kernel", "taxi-fare-in-r-notebook", "Taxi fare in an R notebook"),
	}
	for i := range cs {
		switch cs[i].kv {
		case 5211090:
			cs[i].noVersionRow = true
		case 2063115, 13488820:
			cs[i].noKernelRow = true // the kernel row is gone: named by version id
		case 2070020, 94600127:
			cs[i].external = true
		}
	}
	return cs
}

// ReleaseCases lists the submitted kernel versions of the listed
// competitions in the release and what the study's filters do with each.
func ReleaseCases() []ReleaseCase {
	var out []ReleaseCase
	for _, c := range releaseCases() {
		out = append(out, ReleaseCase{KernelVersionID: c.kv, Competition: c.comp, Outcome: c.outcome})
	}
	return out
}

// WriteRelease writes the release cut into metaDir and its Meta Kaggle Code
// files into codeDir, the same bytes every time.
func WriteRelease(metaDir, codeDir string) error {
	rng := rand.New(rand.NewPCG(2026, 5))
	d := New(metaDir)
	compID := map[string]int64{}
	for _, c := range releaseComps {
		compID[c.slug] = c.id
		d.Row("Competitions.csv", "Id", id(c.id), "Slug", c.slug, "Title", c.title, "Subtitle", "", "HostSegmentTitle", "Featured",
			"ForumId", id(c.id+11000), "EnabledDate", c.enabled, "DeadlineDate", c.deadline, "FinalLeaderboardHasBeenVerified", "True",
			"HasKernels", "True", "OnlyAllowKernelSubmissions", "False", "HasLeaderboard", "True", "LeaderboardPercentage", "30",
			"ScoreTruncationNumDecimals", "5", "EvaluationAlgorithmName", c.metric, "EvaluationAlgorithmIsMax", tf(c.isMax),
			"MaxDailySubmissions", "5", "NumScoredSubmissions", "2", "MaxTeamSize", "5", "BanTeamMergers", "False", "EnableTeamModels", "False",
			"RewardType", "USD", "RewardQuantity", "0", "NumPrizes", "3", "UserRankMultiplier", "1", "CanQualifyTiers", "True",
			"TotalTeams", strconv.Itoa(c.teams), "TotalCompetitors", strconv.Itoa(c.competitors), "TotalSubmissions", strconv.Itoa(c.entries),
			"LicenseName", "Subject to Competition Rules", "Overview", "See the competition page, \"Overview\" tab.", "Rules", "One account per participant.\nNo private sharing outside teams.",
			"DatasetDescription", "train.csv, test.csv, sample_submission.csv", "EnableSubmissionModelHashes", "False", "EnableSubmissionModelAttachments", "False",
			"HostName", "", "CompetitionTypeId", "1")
	}
	for _, l := range releaseLanguages {
		d.Row("KernelLanguages.csv", "Id", l[0], "Name", l[1], "DisplayName", l[2], "IsNotebook", l[3])
	}
	for _, a := range releaseAccelerators {
		d.Row("KernelAcceleratorTypes.csv", "Id", a[0], "Label", a[1])
	}

	cases := releaseCases()
	users := map[int64]bool{}
	teamOf := map[string]int64{} // competition/user → team
	nextTeam, nextSub, nextSrc := int64(6510000), int64(5840000), int64(1)
	team := func(comp string, user int64, date string) int64 {
		key := comp + "/" + id(user)
		if t, ok := teamOf[key]; ok {
			return t
		}
		nextTeam += 1 + rng.Int64N(40)
		teamOf[key] = nextTeam
		d.Row("Teams.csv", "Id", id(nextTeam), "CompetitionId", id(compID[comp]), "TeamLeaderId", id(user), "TeamName", fmt.Sprintf("user %d", user),
			"ScoreFirstSubmittedDate", date, "LastSubmissionDate", date, "IsBenchmark", "False",
			"PublicLeaderboardRank", strconv.Itoa(1+rng.IntN(900)), "PrivateLeaderboardRank", strconv.Itoa(1+rng.IntN(900)))
		return nextTeam
	}
	sub := func(teamID, user, kv int64, date, private string) {
		nextSub += 1 + rng.Int64N(900)
		public := private
		if private != "" {
			f, _ := strconv.ParseFloat(private, 64)
			public = strconv.FormatFloat(f*(0.98+0.04*rng.Float64()), 'f', 5, 64)
		}
		kvs := ""
		if kv > 0 {
			kvs = id(kv)
		}
		d.Row("Submissions.csv", "Id", id(nextSub), "SubmittedUserId", id(user), "TeamId", id(teamID), "SourceKernelVersionId", kvs,
			"SubmissionDate", date, "ScoreDate", date, "IsAfterDeadline", "False", "IsSelected", tf(rng.IntN(4) == 0),
			"PublicScoreLeaderboardDisplay", public, "PublicScoreFullPrecision", public,
			"PrivateScoreLeaderboardDisplay", private, "PrivateScoreFullPrecision", private)
	}
	for _, c := range cases {
		users[c.user] = true
		day := c.created[:10]
		t := team(c.comp, c.user, day)
		sub(t, c.user, c.kv, day, c.private)
		if c.kv == 2047733 {
			sub(t, c.user, c.kv, day, "0.42911") // a second submission of one version: the first counts
		}
		if !c.noVersionRow {
			var accel string
			if c.accel != "" {
				accel = c.accel
			}
			d.Row("KernelVersions.csv", "Id", id(c.kv), "ScriptId", id(c.kernel), "ScriptLanguageId", strconv.Itoa(c.lang), "AuthorUserId", id(c.user),
				"CreationDate", c.created, "VersionNumber", strconv.Itoa(1+int(c.kv%7)), "Title", c.title, "EvaluationDate", day, "IsChange", "True",
				"TotalLines", strconv.Itoa(40+int(c.kv%200)), "LinesInsertedFromPrevious", "3", "LinesChangedFromPrevious", "1", "LinesUnchangedFromPrevious", "40",
				"TotalVotes", strconv.Itoa(int(c.kv%31)), "IsInternetEnabled", c.internet, "RunningTimeInMilliseconds", c.runtimeMS,
				"AcceleratorTypeId", accel, "DockerImage", c.docker)
			// Older versions of the same kernel nobody submitted.
			for v := int64(1); v <= 2; v++ {
				d.Row("KernelVersions.csv", "Id", id(c.kv-v*(1+rng.Int64N(3000))), "ScriptId", id(c.kernel), "ScriptLanguageId", strconv.Itoa(c.lang),
					"AuthorUserId", id(c.user), "CreationDate", c.created, "VersionNumber", "1", "Title", c.title, "EvaluationDate", day, "IsChange", "True",
					"TotalLines", "30", "TotalVotes", "0", "IsInternetEnabled", "False", "RunningTimeInMilliseconds", strconv.Itoa(10000+rng.IntN(500000)),
					"AcceleratorTypeId", "0", "DockerImage", c.docker)
			}
		}
		if !c.noKernelRow && c.slug != "" {
			d.Row("Kernels.csv", "Id", id(c.kernel), "AuthorUserId", id(c.user), "CurrentKernelVersionId", id(c.kv), "FirstKernelVersionId", id(c.kv-1),
				"CreationDate", c.created, "EvaluationDate", day, "MadePublicDate", day, "IsProjectLanguageTemplate", "False", "CurrentUrlSlug", c.slug,
				"TotalViews", strconv.Itoa(200+int(c.kv%5000)), "TotalComments", strconv.Itoa(int(c.kv%9)), "TotalVotes", strconv.Itoa(int(c.kv%31)))
		}
		nextSrc++
		d.Row("KernelVersionCompetitionSources.csv", "Id", id(nextSrc), "KernelVersionId", id(c.kv), "SourceCompetitionId", id(compID[c.comp]))
		if c.external {
			nextSrc++
			d.Row("KernelVersionDatasetSources.csv", "Id", id(nextSrc), "KernelVersionId", id(c.kv), "SourceDatasetVersionId", id(90000+c.kv%7919))
		}
		if err := writeCode(codeDir, c); err != nil {
			return err
		}
	}
	// Dangling references: a competition source the release lacks, a
	// submission of a team that is gone, a team of a competition that is
	// gone, a kernel version whose author left.
	d.Row("KernelVersionCompetitionSources.csv", "Id", id(nextSrc+1), "KernelVersionId", "2101456", "SourceCompetitionId", "4471")
	d.Row("KernelVersionDatasetSources.csv", "Id", id(nextSrc+2), "KernelVersionId", "88001234", "SourceDatasetVersionId", "1203")
	sub(6599999, 1760022, 2400017, "02/01/2018", "0.88000")
	d.Row("Teams.csv", "Id", "6511111", "CompetitionId", "99999", "TeamLeaderId", "1402273", "TeamName", "orphans", "IsBenchmark", "False")
	delete(users, 1215540) // Users.csv lacks this author

	// Uploads (no kernel), and kernel submissions to unlisted competitions.
	comps := []string{"titanic", "house-prices-advanced-regression-techniques", "leaf-classification", "dog-breed-identification",
		"spooky-author-identification", "new-york-city-taxi-fare-prediction", "aerial-cactus-identification", "tabular-playground-series-may-2022", "random-acts-of-pizza"}
	for i := range 220 {
		comp := comps[i%len(comps)]
		user := int64(3000000 + rng.IntN(40)*7919)
		users[user] = true
		date := time.Date(2016+i%7, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC).Format("01/02/2006")
		kv := int64(0)
		if comp == "titanic" || comp == "house-prices-advanced-regression-techniques" {
			if i%3 == 0 {
				kv = int64(60000000 + i*1013)
			}
		}
		private := strconv.FormatFloat(0.5+0.4*rng.Float64(), 'f', 5, 64)
		if i%17 == 0 {
			private = "" // a submission that failed to score
		}
		sub(team(comp, user, date), user, kv, date, private)
	}
	for _, u := range slices.Sorted(maps.Keys(users)) {
		d.Row("Users.csv", "Id", id(u), "UserName", fmt.Sprintf("kaggler%d", u%100000), "DisplayName", fmt.Sprintf("Kaggler %d", u%1000),
			"RegisterDate", "03/14/2015", "PerformanceTier", strconv.Itoa(1+int(u%4)), "Country", "", "LocationSharingOptOut", "False")
	}
	return d.Write()
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func tf(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

func writeCode(codeDir string, c kcase) error {
	var data []byte
	ext := ".ipynb"
	switch c.file {
	case "":
		return nil
	case "nb3":
		data = notebook3(c)
	case "nb4":
		data = notebook4(c, false)
	case "nb4kaggle":
		data = notebook4(c, true)
	case "py":
		ext, data = ".py", []byte(scriptPy(c))
	case "r":
		ext, data = ".r", []byte("library(randomForest)\ntrain <- read.csv(\"../input/train.csv\")\nfit <- randomForest(species ~ ., data = train[, -1])\n")
	case "irnb":
		data = mustJSON(map[string]any{"nbformat": 4, "nbformat_minor": 1, "cells": []any{codeCell4("fares <- read.csv('../input/train.csv', nrows = 1e6)\nsummary(fares$fare_amount)", 1, nil)},
			"metadata": map[string]any{"kernelspec": map[string]any{"display_name": "R", "language": "R", "name": "ir"},
				"language_info": map[string]any{"name": "R", "codemirror_mode": "r", "file_extension": ".r", "mimetype": "text/x-r-source", "version": "3.4.2"}}})
	case "broken":
		full := notebook4(c, false)
		data = full[:len(full)/2] // cut short, as a failed export leaves it
	}
	return CodeFile(codeDir, c.kv, ext, data)
}

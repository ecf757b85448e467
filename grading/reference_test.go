package grading

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"erosion/grading/internal/dockertest"
)

// refCase is a fixed submission and answers pair with its score as an
// independent implementation computes it.
type refCase struct {
	name       string
	spec       Spec
	answers    string
	submission string
	// want was computed by testdata/reference/compute.py (scikit-learn
	// 1.4.2, scipy 1.15.3, numpy 2.2.4, pandas 2.2.3 in the trixie-slim
	// environment); TestReferenceRegenerated recomputes it.
	want float64
}

func cols(c ...string) []string { return c }

var refCases = []refCase{
	{"accuracy", Spec{Metric: Accuracy, IDColumn: "id", TargetColumn: "label"},
		"id,label\n1,cat\n2,dog\n3,bird\n4,cat\n5,dog\n6,bird\n",
		"id,label\n6,bird\n5,cat\n4,cat\n3,bird\n2,dog\n1,dog\n", 0.6666666666666666},
	{"macro_f1", Spec{Metric: MacroF1, IDColumn: "id", TargetColumn: "y"},
		"id,y\n1,a\n2,a\n3,b\n4,b\n5,c\n6,c\n7,a\n",
		"id,y\n1,a\n2,b\n3,b\n4,b\n5,c\n6,a\n7,d\n", 0.4666666666666667},
	{"roc_auc with ties", Spec{Metric: ROCAUC, IDColumn: "id", TargetColumn: "target"},
		"id,target\n1,0\n2,1\n3,0\n4,1\n5,1\n6,0\n7,0\n8,1\n",
		"id,target\n1,0.1\n2,0.4\n3,0.4\n4,0.8\n5,0.2\n6,0.2\n7,0.65\n8,0.9\n", 0.75},
	{"log_loss binary clipped at 1e-15", Spec{Metric: LogLoss, IDColumn: "id", TargetColumn: "p"},
		"id,p\n1,1\n2,0\n3,1\n4,0\n",
		"id,p\n1,0.9\n2,0.3\n3,0\n4,0.05\n", 8.763026287223697},
	{"rmse", Spec{Metric: RMSE, IDColumn: "id", TargetColumn: "y"},
		"id,y\n1,3.5\n2,-1\n3,7\n4,0\n", "id,y\n1,3\n2,-0.5\n3,9\n4,0.25\n", 1.0680004681646913},
	{"mae", Spec{Metric: MAE, IDColumn: "id", TargetColumn: "y"},
		"id,y\n1,3.5\n2,-1\n3,7\n4,0\n", "id,y\n1,3\n2,-0.5\n3,9\n4,0.25\n", 0.8125},
	{"rmsle", Spec{Metric: RMSLE, IDColumn: "id", TargetColumn: "y"},
		"id,y\n1,10\n2,0\n3,250\n", "id,y\n1,12\n2,1\n3,200\n", 0.43116502209337065},
	{"log_rmse", Spec{Metric: LogRMSE, IDColumn: "id", TargetColumn: "y"},
		"id,y\n1,100000\n2,250000\n3,180000\n", "id,y\n1,120000\n2,200000\n3,185000\n", 0.16711762160371685},
	{"map@12 with ids beyond the answers", Spec{Metric: MAPK, K: 12, ExtraIDs: true, IDColumn: "customer_id", TargetColumn: "prediction"},
		"customer_id,prediction\nc1,a b c\nc2,d\nc3,e f\n",
		"customer_id,prediction\nc9,a b c\nc1,x a y b z\nc2,p q r s t u v w x y z d\nc3,f f e\nc8,e\n", 0.4166666666666667},

	{"qwk on 0-4 grades", Spec{Metric: QWK, IDColumn: "id_code", TargetColumn: "diagnosis"},
		"id_code,diagnosis\na,0\nb,1\nc,2\nd,3\ne,4\nf,2\ng,0\nh,4\ni,1\nj,3\n",
		"id_code,diagnosis\na,0\nb,2\nc,2\nd,4\ne,4\nf,1\ng,0\nh,3\ni,0\nj,3\n", 0.8837209302325582},
	{"qwk weights positions, not values", Spec{Metric: QWK, IDColumn: "id", TargetColumn: "score"},
		"id,score\n1,0\n2,1\n3,3\n4,3\n5,0\n6,1\n",
		"id,score\n1,0\n2,3\n3,1\n4,3\n5,1\n6,1\n", 0.5714285714285714},
	{"qwk with whole numbers written as floats", Spec{Metric: QWK, IDColumn: "essay_id", TargetColumn: "score"},
		"essay_id,score\ne1,1\ne2,2\ne3,3\ne4,4\ne5,2\ne6,6\n",
		"essay_id,score\ne1,1.0\ne2,3.0\ne3,3\ne4,5\ne5,2\ne6,6.0\n", 0.9411764705882353},
	{"mcc binary", Spec{Metric: MCC, IDColumn: "contact_id", TargetColumn: "contact"},
		"contact_id,contact\na,1\nb,0\nc,0\nd,1\ne,0\nf,0\ng,1\nh,0\ni,0\nj,1\n",
		"contact_id,contact\na,1\nb,0\nc,1\nd,1\ne,0\nf,0\ng,0\nh,0\ni,1\nj,1\n", 0.4082482904638631},
	{"mcc three classes", Spec{Metric: MCC, IDColumn: "id", TargetColumn: "y"},
		"id,y\n1,a\n2,b\n3,c\n4,a\n5,b\n6,c\n7,a\n",
		"id,y\n1,a\n2,b\n3,b\n4,a\n5,c\n6,c\n7,b\n", 0.375},
	{"micro_f1 over label sets", Spec{Metric: MicroF1, IDColumn: "id", TargetColumn: "attribute_ids"},
		"id,attribute_ids\n1,a b\n2,c\n3,\n4,a d\n",
		"id,attribute_ids\n1,a x\n2,c b\n3,d\n4,\n", 0.4444444444444444},
	{"top1_error takes the first guess", Spec{Metric: Top1Error, IDColumn: "id", TargetColumn: "predicted"},
		"id,predicted\n1,3\n2,7\n3,1\n4,0\n",
		"id,predicted\n1,3 5 7\n2,1 7\n3,1\n4,0 2\n", 0.25},

	{"multiclass_log_loss one-hot answers, a zero for the true class", Spec{Metric: MulticlassLogLoss, IDColumn: "id", TargetColumns: cols("EAP", "HPL", "MWS")},
		"id,EAP,HPL,MWS\na,1,0,0\nb,0,1,0\nc,0,0,1\nd,1,0,0\n",
		"id,EAP,HPL,MWS\na,0.7,0.2,0.1\nb,0.1,0.8,0.1\nc,0.4,0.6,0\nd,0.25,0.25,0.5\n", 9.502441561372496},
	{"multiclass_log_loss rows are normalised", Spec{Metric: MulticlassLogLoss, IDColumn: "id", TargetColumns: cols("A", "B", "C")},
		"id,A,B,C\n1,0,1,0\n2,0,0,1\n3,1,0,0\n",
		"id,A,B,C\n1,0.2,0.2,0.2\n2,0.1,0.2,0.5\n3,0.9,0.05,0.01\n", 0.5443848130171388},
	{"multiclass_log_loss with a label column", Spec{Metric: MulticlassLogLoss, IDColumn: "id", TargetColumns: cols("Acer", "Quercus", "Salix"), AnswerColumn: "species"},
		"id,species\n10,Quercus\n11,Acer\n12,Salix\n13,Quercus\n",
		"id,Acer,Quercus,Salix\n10,0.1,0.8,0.1\n11,0.5,0.25,0.25\n12,0.3,0.3,0.4\n13,0.05,0.9,0.05\n", 0.4844854948515341},
	{"multiclass_log_loss binary, clipped at float64 eps", Spec{Metric: MulticlassLogLoss, IDColumn: "id", TargetColumn: "label"},
		"id,label\n1,1\n2,0\n3,1\n4,0\n",
		"id,label\n1,0.9\n2,1\n3,0.6\n4,0\n", 9.164959882135243},
	{"multiclass_log_loss classes from the answers header", Spec{Metric: MulticlassLogLoss, IDColumn: "id", TargetColumns: cols(AllColumns), SumTolerance: 1.1e-5},
		"id,beagle,collie,pug\nx,0,0,1\ny,1,0,0\n",
		"pug,beagle,id,collie\n0.6,0.3,x,0.1\n0.2,0.7,y,0.1\n", 0.4337502838523616},
	{"kl_divergence of vote counts", Spec{Metric: KLDivergence, IDColumn: "eeg_id", TargetColumns: cols("seizure_vote", "lpd_vote", "gpd_vote"), SumTolerance: 5e-6},
		"eeg_id,seizure_vote,lpd_vote,gpd_vote\n1,3,0,0\n2,1,2,1\n3,0,5,5\n",
		"eeg_id,seizure_vote,lpd_vote,gpd_vote\n1,0.8,0.1,0.1\n2,0.2,0.5,0.3\n3,0,1,0\n", 5.603196688946556},
	{"lwlrap with ties, an unlabelled and a fully labelled row", Spec{Metric: LWLRAP, IDColumn: "fname", TargetColumns: cols("Bark", "Buzz", "Chirp", "Drip")},
		"fname,Bark,Buzz,Chirp,Drip\na.wav,1,0,0,0\nb.wav,0,1,1,0\nc.wav,0,0,0,0\nd.wav,1,1,1,1\ne.wav,0,0,0,1\n",
		"fname,Bark,Buzz,Chirp,Drip\na.wav,0.9,0.1,0.3,0.2\nb.wav,0.5,0.5,0.1,0.7\nc.wav,0.2,0.2,0.2,0.2\nd.wav,0.1,0.2,0.3,0.4\ne.wav,0.3,0.3,0.3,0.3\n", 0.7604166666666666},

	{"r2", Spec{Metric: R2, IDColumn: "id", TargetColumn: "y"},
		"id,y\n1,3\n2,-0.5\n3,2\n4,7\n", "id,y\n1,2.5\n2,0.0\n3,2\n4,8\n", 0.9486081370449679},
	{"r2 with constant answers", Spec{Metric: R2, IDColumn: "id", TargetColumn: "y"},
		"id,y\n1,3\n2,3\n3,3\n", "id,y\n1,3\n2,3\n3,2\n", 0},
	{"pearson", Spec{Metric: Pearson, IDColumn: "id", TargetColumn: "score"},
		"id,score\n1,0.5\n2,0.75\n3,0.25\n4,1\n5,0\n", "id,score\n1,0.41\n2,0.77\n3,0.35\n4,0.88\n5,0.12\n", 0.9796980259104666},
	{"spearman with ties", Spec{Metric: Spearman, IDColumn: "id", TargetColumn: "y"},
		"id,y\n1,1\n2,2\n3,2\n4,3\n5,4\n6,4\n", "id,y\n1,0.1\n2,0.3\n3,0.2\n4,0.3\n5,0.9\n6,0.5\n", 0.9404032585917882},
	{"spearman column-wise mean", Spec{Metric: Spearman, IDColumn: "qa_id", TargetColumns: cols("answer_helpful", "question_well_written")},
		"qa_id,answer_helpful,question_well_written\n1,1,0.3\n2,0.6,0.6\n3,0.3,1\n4,0.9,0.3\n",
		"qa_id,answer_helpful,question_well_written\n1,0.8,0.2\n2,0.7,0.9\n3,0.1,0.8\n4,0.75,0.5\n", 0.8689323936863109},
	{"mean_angular_error", Spec{Metric: MeanAngularError, IDColumn: "event_id", TargetColumns: cols("azimuth", "zenith")},
		"event_id,azimuth,zenith\n1,0.5,1.2\n2,3.0,0.1\n3,5.9,2.9\n",
		"event_id,azimuth,zenith\n1,0.6,1.0\n2,0.0,0.1\n3,5.9,2.9\n", 0.13944809974112748},
	{"log_mae_by_group", Spec{Metric: LogMAEByGroup, IDColumn: "id", TargetColumn: "scalar_coupling_constant", GroupColumn: "type"},
		"id,type,scalar_coupling_constant\n1,1JHC,84.8\n2,2JHH,-11.3\n3,1JHC,90.1\n4,3JHN,0.5\n5,2JHH,-10.0\n",
		"id,scalar_coupling_constant\n1,80\n2,-11\n3,91\n4,0.7\n5,-12\n", -0.14078565859279393},
	{"levenshtein on code points", Spec{Metric: Levenshtein, IDColumn: "image_id", TargetColumn: "InChI"},
		"image_id,InChI\na,InChI=1S/C2H6O/c1-2-3/h3H2\nb,naïve café\nc,हिन्दी\n",
		"image_id,InChI\na,InChI=1S/C2H6O/c1-3-2/h3H\nb,naive cafe\nc,हिंदी\n", 2.3333333333333335},
	{"wer over gesture sequences", Spec{Metric: WER, IDColumn: "Id", TargetColumn: "Sequence"},
		"Id,Sequence\n1,2 12 5 5\n2,7 3\n3,1\n", "Id,Sequence\n1,2 5 5 9\n2,7 3 3\n3,\n", 0.5714285714285714},
	{"word_jaccard, case-folded, empty rows", Spec{Metric: WordJaccard, IDColumn: "textID", TargetColumn: "selected_text"},
		"textID,selected_text\na,Very good day\nb,so sad\nc,\nd,I love it\n",
		"textID,selected_text\na,very GOOD\nb,sad sad sad\nc,\nd,hate\n", 0.2916666666666667},
	{"dice per image, clipped to the image, both-empty row", Spec{Metric: Dice, IDColumn: "id", TargetColumn: "predicted", AnswerColumn: "encoding", HeightColumn: "height_pixels", WidthColumn: "width_pixels"},
		"id,encoding,height_pixels,width_pixels\na,1 3 10 2,4,4\nb,,3,3\nc,5 4,3,3\n",
		"id,predicted\na,2 3 11 10\nb,\nc,1 2 6 1\n", 0.5714285714285715},
	{"global_dice pools the pixels", Spec{Metric: GlobalDice, IDColumn: "record_id", TargetColumn: "encoded_pixels"},
		"record_id,encoded_pixels\n1,1 10\n2,-\n3,5 5 20 3\n",
		"record_id,encoded_pixels\n1,3 10\n2,7 2\n3,-\n", 0.5333333333333333},

	{"roc_auc column-wise, -1 rows unscored", Spec{Metric: ROCAUC, IDColumn: "id", TargetColumns: cols("toxic", "insult")},
		"id,toxic,insult\na,1,0\nb,0,0\nc,-1,-1\nd,0,1\ne,1,1\n",
		"id,toxic,insult\na,0.9,0.2\nb,0.3,0.1\nc,0.99,0.01\nd,0.4,0.6\ne,0.35,0.5\n", 0.875},
	{"rmse column-wise over kept rows, required columns", Spec{Metric: RMSE, IDColumn: "id_seqpos", TargetColumns: cols("reactivity", "deg_Mg_50C"),
		RequiredColumns: cols("deg_50C"), Where: &Where{Column: "keep", Equals: "True"}},
		"id_seqpos,reactivity,deg_Mg_50C,keep\ns_0,0.5,0.7,True\ns_1,1.2,0.2,True\ns_2,9,9,False\n",
		"id_seqpos,reactivity,deg_Mg_50C,deg_50C\ns_0,0.4,0.9,0\ns_1,1.0,0.3,0\ns_2,0,0,0\n", 0.15811388300841894},
}

func TestReferenceValues(t *testing.T) {
	for _, c := range refCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			ans := write(t, dir, "answers.csv", c.answers)
			got, err := GradeData(c.spec, []byte(c.submission), ans)
			if err != nil {
				t.Fatal(err)
			}
			if !near(got, c.want) {
				t.Errorf("GradeData = %.17g, the reference says %.17g", got, c.want)
			}
		})
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*max(1, math.Abs(b)) }

// TestReferenceRegenerated recomputes every reference value with
// scikit-learn/scipy in the trixie-slim environment, so the numbers above
// are checked for real rather than trusted.
func TestReferenceRegenerated(t *testing.T) {
	image := dockertest.EnvImage(t, "trixie-slim")
	type jsonCase struct {
		Name          string   `json:"name"`
		Metric        string   `json:"metric"`
		IDColumn      string   `json:"id_column"`
		TargetColumns []string `json:"target_columns"`
		AnswerColumn  string   `json:"answer_column,omitempty"`
		K             int      `json:"k,omitempty"`
		Where         []string `json:"where,omitempty"`
		GroupColumn   string   `json:"group_column,omitempty"`
		HeightColumn  string   `json:"height_column,omitempty"`
		WidthColumn   string   `json:"width_column,omitempty"`
		Answers       string   `json:"answers"`
		Submission    string   `json:"submission"`
	}
	var cases []jsonCase
	for _, c := range refCases {
		s := c.spec
		jc := jsonCase{Name: c.name, Metric: s.Metric, IDColumn: s.IDColumn, TargetColumns: s.TargetColumns,
			AnswerColumn: s.AnswerColumn, K: s.K, GroupColumn: s.GroupColumn, HeightColumn: s.HeightColumn,
			WidthColumn: s.WidthColumn, Answers: c.answers, Submission: c.submission}
		if s.TargetColumn != "" {
			jc.TargetColumns = []string{s.TargetColumn}
		}
		if s.Where != nil {
			jc.Where = []string{s.Where.Column, s.Where.Equals}
		}
		cases = append(cases, jc)
	}
	dir := t.TempDir()
	data, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cases.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("testdata/reference/compute.py")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), "docker", "run", "--rm", "--network", "none",
		"-v", dir+":/cases:ro", "-v", script+":/ref/compute.py:ro", image,
		"python3", "/ref/compute.py", "/cases/cases.json")
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("compute.py: %v\n%s", err, stderr)
	}
	var ref map[string]any
	if err := json.Unmarshal(out, &ref); err != nil {
		t.Fatalf("compute.py output: %v\n%s", err, out)
	}
	t.Logf("reference computed with %v", ref["versions"])
	for _, c := range refCases {
		v, ok := ref[c.name].(float64)
		if !ok {
			t.Errorf("%s: no reference value", c.name)
			continue
		}
		if !near(v, c.want) {
			t.Errorf("%s: recorded %.17g, recomputed %.17g", c.name, c.want, v)
		}
	}
}

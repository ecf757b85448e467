package datasets

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// The grading keys beyond one target column, and an external grader,
// reach grading's specs.
func TestCompetitionGradingKeys(t *testing.T) {
	dir := copyStarter(t)
	d, _ := Load(dir)
	path := d.CompetitionPath("titanic-mini")
	os.WriteFile(path, []byte(`metric: rmse
id_column: id_seqpos
target_columns: [reactivity, deg_Mg_50C]
required_columns: [deg_50C]
where: {column: keep, equals: "True"}
range: [0, 10]
`), 0o644)
	c, err := d.Competition("titanic-mini")
	if err != nil {
		t.Fatal(err)
	}
	s := c.Spec()
	if !slices.Equal(s.TargetColumns, []string{"reactivity", "deg_Mg_50C"}) || s.Where == nil || s.Where.Equals != "True" ||
		!slices.Equal(s.Range, []float64{0, 10}) || !slices.Equal(s.RequiredColumns, []string{"deg_50C"}) {
		t.Errorf("spec %+v", s)
	}

	os.WriteFile(path, []byte(`grader:
  kind: external
  env: mlebench
  command: [mlebench, grade-sample, "{submission}", "{competition}", --data-dir, "{data_dir}"]
  answers_at: "{competition}/prepared/private/test.csv"
  timeout_s: 300
`), 0o644)
	if c, err = d.Competition("titanic-mini"); err != nil || c.Grader == nil || c.Grader.TimeoutS != 300 {
		t.Fatalf("%+v %v", c, err)
	}

	for body, want := range map[string]string{
		"grader: {kind: external, env: x}\n":                                      "command is empty",
		"metric: dice\nid_column: a\ntarget_column: b\nheight_column: h\n":        "height and the width",
		"metric: qwk\nid_column: a\ntarget_columns: [b]\nwhere: {column: \"\"}\n": "where needs a column",
	} {
		os.WriteFile(path, []byte(body), 0o644)
		if _, err := d.Competition("titanic-mini"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", body, err, want)
		}
	}
}

package datapaths

import (
	"slices"
	"testing"

	"erosion/notebook"
)

func TestRead(t *testing.T) {
	src := `import pandas as pd, numpy as np, glob, os
train = pd.read_csv("../input/train.csv")
test = pd.read_csv('/kaggle/input/titanic/test.csv', index_col=0)
X = np.load(r"features.npy")
files = glob.glob(f"{DATA}/images/*.png")
for f in os.listdir('../input'):
    pass
BASE = "/kaggle/input/house-prices/"
with open("submission.csv", "w") as fh:  # open("ignored.csv")
    pass
with open('../input/meta.json', mode='r') as fh: pass
print("Reading data/with spaces is fine")
df = pd.read_csv("https://example.invalid/x.csv")
label = "hello world"
`
	nb, err := notebook.Parse("x.py", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := Read(nb)
	want := []string{"../input", "../input/meta.json", "../input/train.csv", "/kaggle/input/house-prices/", "/kaggle/input/titanic/test.csv", "features.npy", "{DATA}/images/*.png"}
	if !slices.Equal(got, want) {
		t.Errorf("Read:\n got %q\nwant %q", got, want)
	}
}

func TestReadIgnoresMarkdownAndComments(t *testing.T) {
	nb := &notebook.Notebook{Cells: []notebook.Cell{
		{Kind: notebook.Markdown, Source: `pd.read_csv("../input/md.csv")`},
		{Kind: notebook.Code, Source: `# df = pd.read_csv("../input/old.csv")
x = 1  # see '../input/comment.csv'
s = "a # not a comment ../input/x.csv"`},
	}}
	got := Read(nb)
	if len(got) != 0 {
		t.Errorf("Read = %q, want nothing (the last literal does not start with an input folder)", got)
	}
}

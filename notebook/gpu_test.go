package notebook

import "testing"

func TestNeedsGPU(t *testing.T) {
	cases := map[string]bool{
		"import pandas as pd\nfrom sklearn.ensemble import RandomForestClassifier": false,
		"import torch\nmodel = Net()":                                      true,
		"from tensorflow import keras":                                     true,
		"import xgboost as xgb\nxgb.XGBClassifier(tree_method='gpu_hist')": true,
		"x = x.cuda()":                     true,
		"device = 'cuda' if ok else 'cpu'": true,
		"import lightgbm as lgb\nparams = {'device_type': 'gpu'}": true,
		"# a comment about cudaMalloc\nprint('cpu only')":         false,
		"import numpy as np\nnp.random.seed(0)":                   false,
	}
	for src, want := range cases {
		nb, err := Parse("x.py", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if got := nb.NeedsGPU(); got != want {
			t.Errorf("NeedsGPU(%q) = %v, want %v", src, got, want)
		}
	}
}

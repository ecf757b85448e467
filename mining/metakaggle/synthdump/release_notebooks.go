package synthdump

import (
	"fmt"
	"strings"
)

// cell is one notebook cell: markdown, or code with the text it printed.
type cell struct {
	markdown bool
	source   string
	stdout   string
}

// kernelCells is the code of a release kernel, by competition, written in
// the manner of the kernels of its time: ../input paths before 2019,
// /kaggle/input/<slug>/ after; pandas and scikit-learn throughout.
func kernelCells(c kcase) []cell {
	in := "../input/"
	if c.created[6:10] >= "2019" {
		in = "/kaggle/input/" + c.comp + "/"
	}
	var cs []cell
	switch c.comp {
	case "leaf-classification":
		cs = []cell{
			{markdown: true, source: "# " + c.title + "\nThe 192 shape, margin and texture features are enough for a first model."},
			{source: "import numpy as np\nimport pandas as pd\nfrom sklearn.preprocessing import LabelEncoder, StandardScaler\n\ntrain = pd.read_csv('" + in + "train.csv')\ntest = pd.read_csv('" + in + "test.csv')\nprint(train.shape, test.shape)", stdout: "(990, 194) (594, 193)\n"},
			{source: "le = LabelEncoder().fit(train.species)\ny = le.transform(train.species)\nX = train.drop(['id', 'species'], axis=1).values\nscaler = StandardScaler().fit(X)\nX = scaler.transform(X)\nX_test = scaler.transform(test.drop('id', axis=1).values)"},
		}
		if strings.Contains(c.slug, "random-forest") {
			cs = append(cs, cell{source: "from sklearn.ensemble import RandomForestClassifier\nclf = RandomForestClassifier(n_estimators=500, random_state=0)\nclf.fit(X, y)\nproba = clf.predict_proba(X_test)"})
		} else {
			cs = append(cs, cell{source: "from sklearn.linear_model import LogisticRegression\nclf = LogisticRegression(C=1000, solver='lbfgs', multi_class='multinomial', max_iter=2000)\nclf.fit(X, y)\nproba = clf.predict_proba(X_test)"})
		}
		cs = append(cs, cell{source: "sub = pd.DataFrame(proba, columns=le.classes_)\nsub.insert(0, 'id', test.id)\nsub.to_csv('submission.csv', index=False)\nsub.head(2)"})
	case "spooky-author-identification":
		cs = []cell{
			{markdown: true, source: "## " + c.title + "\nThree authors, one sentence each: EAP, HPL, MWS."},
			{source: "import pandas as pd\nimport numpy as np\nfrom sklearn.feature_extraction.text import TfidfVectorizer, CountVectorizer\nfrom sklearn.model_selection import cross_val_score\n\ntrain = pd.read_csv(\"" + in + "train.csv\")\ntest = pd.read_csv(\"" + in + "test.csv\")\ntrain.author.value_counts()", stdout: "EAP    7900\nMWS    6044\nHPL    5635\nName: author, dtype: int64\n"},
		}
		if strings.Contains(c.slug, "char") {
			cs = append(cs, cell{source: "from sklearn.linear_model import LogisticRegression\nvec = TfidfVectorizer(analyzer='char', ngram_range=(1, 5), sublinear_tf=True, min_df=2)\nX = vec.fit_transform(train.text)\nclf = LogisticRegression(C=4)\nprint(cross_val_score(clf, X, train.author, scoring='neg_log_loss', cv=3).mean())", stdout: "-0.3911\n"})
		} else {
			cs = append(cs, cell{source: "from sklearn.naive_bayes import MultinomialNB\nvec = CountVectorizer(ngram_range=(1, 2), min_df=2)\nX = vec.fit_transform(train.text)\nclf = MultinomialNB(alpha=0.5)"})
		}
		cs = append(cs, cell{source: "clf.fit(X, train.author)\nproba = clf.predict_proba(vec.transform(test.text))\nsub = pd.DataFrame(proba, columns=clf.classes_)\nsub.insert(0, 'id', test.id)\nsub.to_csv('submission.csv', index=False)"})
	case "dog-breed-identification":
		cs = []cell{
			{source: "import os\nimport numpy as np\nimport pandas as pd\nfrom PIL import Image\n\nlabels = pd.read_csv('" + in + "labels.csv')\nsample = pd.read_csv('" + in + "sample_submission.csv')\nprint(len(labels), labels.breed.nunique())", stdout: "10222 120\n"},
			{source: "def histogram(path, bins=8):\n    img = Image.open(path).convert('RGB').resize((64, 64))\n    h, _ = np.histogramdd(np.asarray(img).reshape(-1, 3), bins=bins, range=[(0, 256)] * 3)\n    return (h / h.sum()).ravel()\n\nX = np.stack([histogram('" + in + "train/%s.jpg' % i) for i in labels.id])"},
			{source: "from sklearn.linear_model import LogisticRegression\nclf = LogisticRegression(C=0.1, max_iter=300).fit(X, labels.breed)\nX_test = np.stack([histogram('" + in + "test/%s.jpg' % i) for i in sample.id])\nsub = pd.DataFrame(clf.predict_proba(X_test), columns=clf.classes_)\nsub.insert(0, 'id', sample.id)\nsub.to_csv('submission.csv', index=False)"},
		}
	case "new-york-city-taxi-fare-prediction":
		cs = []cell{
			{source: "import numpy as np\nimport pandas as pd\n\ntrain = pd.read_csv('" + in + "train.csv', nrows=2_000_000, parse_dates=['pickup_datetime'])\ntest = pd.read_csv('" + in + "test.csv', parse_dates=['pickup_datetime'])\ntrain = train.dropna()\ntrain = train[(train.fare_amount > 0) & (train.fare_amount < 250)]\ntrain.shape", stdout: "(1999746, 8)\n"},
			{source: "def features(df):\n    df['dlon'] = (df.dropoff_longitude - df.pickup_longitude).abs()\n    df['dlat'] = (df.dropoff_latitude - df.pickup_latitude).abs()\n    df['hour'] = df.pickup_datetime.dt.hour\n    df['year'] = df.pickup_datetime.dt.year\n    return df[['dlon', 'dlat', 'hour', 'year', 'passenger_count']]\n\nX, X_test = features(train), features(test)"},
		}
		if strings.Contains(c.slug, "gbm") {
			cs = append(cs, cell{source: "from sklearn.ensemble import HistGradientBoostingRegressor\nmodel = HistGradientBoostingRegressor(max_iter=300).fit(X, train.fare_amount)"})
		} else {
			cs = append(cs, cell{source: "from sklearn.linear_model import LinearRegression\nmodel = LinearRegression().fit(X, train.fare_amount)"})
		}
		cs = append(cs, cell{source: "pd.DataFrame({'key': test.key, 'fare_amount': model.predict(X_test)}).to_csv('submission.csv', index=False)"})
	case "aerial-cactus-identification":
		cs = []cell{
			{source: "# This Python 3 environment comes with many helpful analytics libraries installed\nimport numpy as np # linear algebra\nimport pandas as pd # data processing, CSV file I/O (e.g. pd.read_csv)\nimport os\nprint(os.listdir(\"" + in + "\"))", stdout: "['train', 'test', 'train.csv', 'sample_submission.csv']\n"},
			{source: "from PIL import Image\ntrain = pd.read_csv('" + in + "train.csv')\n\ndef load(folder, ids):\n    return np.stack([np.asarray(Image.open(os.path.join('" + in + "', folder, i)), dtype=np.float32) / 255 for i in ids])\n\nX = load('train/train', train.id)\nX.shape", stdout: "(17500, 32, 32, 3)\n"},
		}
		if strings.Contains(c.slug, "cnn") || strings.Contains(c.slug, "densenet") {
			cs = append(cs, cell{source: "import tensorflow as tf\nmodel = tf.keras.Sequential([\n    tf.keras.layers.Conv2D(32, 3, activation='relu', input_shape=(32, 32, 3)),\n    tf.keras.layers.MaxPooling2D(),\n    tf.keras.layers.Conv2D(64, 3, activation='relu'),\n    tf.keras.layers.GlobalAveragePooling2D(),\n    tf.keras.layers.Dense(1, activation='sigmoid')])\nmodel.compile('adam', 'binary_crossentropy', metrics=['AUC'])\nmodel.fit(X, train.has_cactus, epochs=5, batch_size=128, validation_split=0.1)"})
		} else {
			cs = append(cs, cell{source: "from sklearn.ensemble import RandomForestClassifier\nstats = lambda a: np.concatenate([a.mean(axis=(1, 2)), a.std(axis=(1, 2))], axis=1)\nmodel = RandomForestClassifier(n_estimators=300, n_jobs=-1).fit(stats(X), train.has_cactus)"})
		}
		cs = append(cs, cell{source: "sub = pd.read_csv('" + in + "sample_submission.csv')\nX_test = load('test/test', sub.id)\nsub['has_cactus'] = model.predict(X_test).ravel() if hasattr(model, 'layers') else model.predict_proba(stats(X_test))[:, 1]\nsub.to_csv('submission.csv', index=False)"})
	default: // tabular-playground-series-may-2022
		cs = []cell{
			{markdown: true, source: "# " + c.title + "\nThe `f_27` string column holds ten letters; their counts interact with the numeric features."},
			{source: "import numpy as np\nimport pandas as pd\n\ntrain = pd.read_csv('" + in + "train.csv')\ntest = pd.read_csv('" + in + "test.csv')\nfor i in range(10):\n    train[f'ch{i}'] = train.f_27.str.get(i).apply(ord) - ord('A')\n    test[f'ch{i}'] = test.f_27.str.get(i).apply(ord) - ord('A')\nfeatures = [c for c in test.columns if c not in ('id', 'f_27')]\nlen(features)", stdout: "40\n"},
			{source: "from sklearn.ensemble import HistGradientBoostingClassifier\nmodel = HistGradientBoostingClassifier(max_iter=500, learning_rate=0.1).fit(train[features], train.target)\npd.DataFrame({'id': test.id, 'target': model.predict_proba(test[features])[:, 1]}).to_csv('submission.csv', index=False)"},
		}
	}
	return cs
}

func codeCell4(src string, n int, stdout []string) map[string]any {
	outs := []any{}
	if len(stdout) > 0 {
		outs = append(outs, map[string]any{"name": "stdout", "output_type": "stream", "text": stdout})
	}
	return map[string]any{"cell_type": "code", "execution_count": n, "metadata": map[string]any{}, "outputs": outs, "source": splitKeep(src)}
}

// notebook4 is an nbformat 4 kernel; kaggle adds the metadata.kaggle block
// and cell ids of the newer editor.
func notebook4(c kcase, kaggle bool) []byte {
	var cells []any
	n := 0
	for i, x := range kernelCells(c) {
		guid := fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", c.kv*31+int64(i), i, c.kv%4096, i, c.kv*7919+int64(i))
		var m map[string]any
		if x.markdown {
			m = map[string]any{"cell_type": "markdown", "metadata": map[string]any{}, "source": splitKeep(x.source)}
		} else {
			n++
			var out []string
			if x.stdout != "" {
				out = splitKeep(x.stdout)
			}
			m = codeCell4(x.source, n, out)
		}
		m["metadata"] = map[string]any{"_cell_guid": guid, "_uuid": strings.ReplaceAll(guid, "-", "")[:32]}
		if kaggle {
			m["id"] = strings.ReplaceAll(guid, "-", "")[:8]
		}
		cells = append(cells, m)
	}
	py := map[string]string{"2017": "3.6.3", "2018": "3.6.6", "2019": "3.6.6", "2022": "3.7.12"}[c.created[6:10]]
	meta := map[string]any{
		"kernelspec": map[string]any{"display_name": "Python 3", "language": "python", "name": "python3"},
		"language_info": map[string]any{"codemirror_mode": map[string]any{"name": "ipython", "version": 3}, "file_extension": ".py",
			"mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python", "pygments_lexer": "ipython3", "version": py},
	}
	minor := 1
	if kaggle {
		minor = 4
		meta["kaggle"] = map[string]any{"accelerator": map[bool]string{true: "gpu", false: "none"}[c.accel == "1" || c.accel == "3"],
			"dataSources":       []any{map[string]any{"sourceType": "competition", "sourceId": c.comp}},
			"isInternetEnabled": c.internet == "True", "language": "python", "sourceType": "notebook", "isGpuEnabled": c.accel == "1" || c.accel == "3"}
	}
	return mustJSON(map[string]any{"nbformat": 4, "nbformat_minor": minor, "metadata": meta, "cells": cells})
}

// notebook3 is an nbformat 3 kernel of 2016-17: cells in worksheets, code in
// "input", outputs with "stream" and "text".
func notebook3(c kcase) []byte {
	var cells []any
	n := 0
	for _, x := range kernelCells(c) {
		if x.markdown {
			cells = append(cells, map[string]any{"cell_type": "markdown", "metadata": map[string]any{}, "source": splitKeep(x.source)})
			continue
		}
		n++
		outs := []any{}
		if x.stdout != "" {
			outs = append(outs, map[string]any{"output_type": "stream", "stream": "stdout", "text": splitKeep(x.stdout)})
		}
		cells = append(cells, map[string]any{"cell_type": "code", "collapsed": false, "input": splitKeep(x.source), "language": "python",
			"metadata": map[string]any{}, "outputs": outs, "prompt_number": n})
	}
	return mustJSON(map[string]any{"nbformat": 3, "nbformat_minor": 0,
		"metadata":   map[string]any{"name": "", "signature": fmt.Sprintf("sha256:%064x", c.kv)},
		"worksheets": []any{map[string]any{"cells": cells, "metadata": map[string]any{}}}})
}

// scriptPy is a Python script kernel: Meta Kaggle Code keeps it as .py.
func scriptPy(c kcase) string {
	var b strings.Builder
	for _, x := range kernelCells(c) {
		if x.markdown {
			continue
		}
		b.WriteString(x.source + "\n\n")
	}
	return b.String()
}

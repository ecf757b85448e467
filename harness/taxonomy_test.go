package harness

import "testing"

func TestClassify(t *testing.T) {
	cases := []struct{ typ, msg, want string }{
		{"ModuleNotFoundError", "No module named 'sklearn.cross_validation'", FailMissingModule},
		{"ImportError", "No module named sklearn", FailMissingModule},
		{"ImportError", "cannot import name 'Imputer' from 'sklearn.preprocessing'", FailRemovedAPI},
		{"AttributeError", "'DataFrame' object has no attribute 'ix'", FailRemovedAPI},
		{"AttributeError", "module 'numpy' has no attribute 'float'.", FailRemovedAPI},
		{"TypeError", "__init__() got an unexpected keyword argument 'sparse'", FailChangedSig},
		{"TypeError", "countplot() takes from 0 to 1 positional arguments but 2 were given", FailChangedSig},
		{"TypeError", "unsupported operand type(s) for +: 'int' and 'str'", FailValueDtype},
		{"ValueError", "could not convert string to float: 'male'", FailValueDtype},
		{"KeyError", "'Survived'", FailValueDtype},
		{"FileNotFoundError", "[Errno 2] No such file or directory: '../input/train.csv'", FailDataPath},
		{"OSError", "[Errno 30] Read-only file system: '/kaggle/input/x'", FailDataPath},
		{"URLError", "<urlopen error [Errno -3] Temporary failure in name resolution>", FailNetwork},
		{"OSError", "[Errno 101] Network is unreachable", FailNetwork},
		{"MemoryError", "", FailOOM},
		{"RuntimeError", "Found no NVIDIA driver on your system.", FailGPU},
		{"RuntimeError", "something else", FailOther},
		{"ZeroDivisionError", "division by zero", FailOther},
	}
	for _, c := range cases {
		if got := Classify(c.typ, c.msg); got != c.want {
			t.Errorf("Classify(%s, %q) = %s, want %s", c.typ, c.msg, got, c.want)
		}
	}
}

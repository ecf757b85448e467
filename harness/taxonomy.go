package harness

import "strings"

// Failure categories of the taxonomy in DESIGN.md.
const (
	FailMissingModule     = "missing-module"
	FailRemovedAPI        = "removed-api"       // AttributeError/ImportError on a name the library dropped
	FailChangedSig        = "changed-signature" // TypeError: unexpected keyword, wrong arity
	FailValueDtype        = "value-dtype"
	FailDataPath          = "data-path"
	FailNetwork           = "network"
	FailTimeout           = "timeout"
	FailOOM               = "out-of-memory"
	FailGPU               = "gpu"
	FailKernelCrash       = "kernel-crash"
	FailEnvironment       = "environment-build"
	FailInfrastructure    = "infrastructure"
	FailOutputLimit       = "output-limit"       // wrote more than the working-folder cap
	FailNoSubmission      = "no-submission"      // ran clean but wrote no submission file
	FailInvalidSubmission = "invalid-submission" // wrote one that cannot be graded
	FailScoreMismatch     = "score-mismatch"     // valid submission, score off the target
	FailTampering         = "tampering"          // the notebook wrote to erosion's record channel
	FailGrader            = "grader"             // the competition's external grader failed: the run is not graded
	FailOther             = "other"
)

// rule maps an exception to a category. Rules are tried in order; the first
// whose type matches (and whose message contains one of the needles, when
// any are given) wins.
type rule struct {
	types    []string
	needles  []string
	category string
}

// taxonomy is the one table that classifies notebook exceptions.
var taxonomy = []rule{
	// A missing CUDA library surfaces as an import or loader error that
	// would otherwise look like a removed API or a missing file.
	{types: []string{"OSError", "ImportError"}, needles: []string{"libcuda", "libcudart", "libnvidia", "CUDA driver"}, category: FailGPU},
	{types: []string{"ModuleNotFoundError"}, category: FailMissingModule},
	{types: []string{"ImportError"}, needles: []string{"No module named"}, category: FailMissingModule},
	{types: []string{"ImportError", "AttributeError"}, category: FailRemovedAPI},
	{types: []string{"TypeError"}, needles: []string{"unexpected keyword", "positional argument", "takes no keyword", "got an unexpected", "required keyword"}, category: FailChangedSig},
	// RLIMIT_FSIZE: one file larger than the run may write.
	{types: []string{"OSError"}, needles: []string{"[Errno 27] File too large"}, category: FailOutputLimit},
	{types: []string{"FileNotFoundError", "IsADirectoryError", "NotADirectoryError", "PermissionError"}, category: FailDataPath},
	{types: []string{"OSError", "IOError"}, needles: []string{"No such file", "does not exist", "Read-only file system"}, category: FailDataPath},
	{types: []string{"URLError", "ConnectionError", "gaierror", "HTTPError", "ConnectTimeout", "NewConnectionError", "MaxRetryError", "SSLError"}, category: FailNetwork},
	{types: []string{"OSError"}, needles: []string{"Network is unreachable", "Name or service not known", "Temporary failure in name resolution"}, category: FailNetwork},
	{types: []string{"MemoryError", "ArrayMemoryError", "OutOfMemoryError"}, category: FailOOM},
	{types: []string{"RuntimeError", "AssertionError"}, needles: []string{"CUDA", "cuda", "NVIDIA", "GPU"}, category: FailGPU},
	{types: []string{"ValueError", "TypeError", "KeyError", "IndexError", "DTypePromotionError", "InvalidIndexError", "IntCastingNaNError", "UFuncTypeError"}, category: FailValueDtype},
}

// Classify names the failure category of an exception type and message.
func Classify(excType, msg string) string {
	for _, r := range taxonomy {
		if !matchesType(r.types, excType) {
			continue
		}
		if len(r.needles) == 0 {
			return r.category
		}
		for _, n := range r.needles {
			if strings.Contains(msg, n) {
				return r.category
			}
		}
	}
	return FailOther
}

func matchesType(types []string, t string) bool {
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}

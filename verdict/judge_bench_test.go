package verdict

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"erosion/records"
)

// BenchmarkJudge replays the adaptive rule over a study-sized folder:
// 1000 noisy reproduced notebooks with 10 runs each (the worst case: no
// deterministic stops). Reported per notebook.
func BenchmarkJudge(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	var runs []records.Run
	for i := range 1000 {
		tg := uniform(rng, 0.5, 0.95)
		sc := continuous(rng, 10, tg, uniform(rng, -0.09, 0.09), uniform(rng, 0.002, 0.04), 0, rng.NormFloat64)
		if (sc[0]-tg)/tg > 0.1 || (tg-sc[0])/tg > 0.1 {
			sc[0] = tg
		}
		for a, s := range sc {
			s := s
			runs = append(runs, records.Run{NotebookID: fmt.Sprint(i), Environment: "e", Attempt: int32(a), Status: records.StatusOK,
				OutcomeClass: records.ClassErrorFreeReproducible, TargetScore: &tg, Score: &s})
		}
	}
	b.ResetTimer()
	for range b.N {
		Judge(runs, Options{Tolerance: DefaultTolerance, Cap: 10})
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "µs/notebook")
}

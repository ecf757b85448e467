// Package results owns a results folder: its layout, the one-writer lock,
// the journals every finished run and attempt is appended to, the run key,
// the index of finished runs (read once per command), and the export of
// journals into the Parquet tables of package records.
//
// Layout of a results folder:
//
//	.erosion.lock                 the writer lock (pid, host, command of the holder)
//	journal/*.jsonl               finished runs, one file per writing process
//	journal-attempts/*.jsonl      agent iterations, one file per writing process
//	runs/ cells/ packages/ verdicts/ attempts/   Parquet tables (package records)
//	artefacts/<env>/<agent|original>/<notebook>/attempt-N/   what one run left
//	modernized/<agent>/<notebook>/  an agent's notebook, its diff and loop state
//	slurm/                        a Slurm submission's plan, scripts, logs, shards
//	tables/ figures/ report.*     analysis output
package results

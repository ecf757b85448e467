// Package cli holds how erosion's kong command line presents itself and
// reads its settings, apart from the command tree (cmd/erosion): help with
// each command's own flags first and every default shown, placeholders by
// a flag's kind, per-command help files, shell completion, the --config
// YAML resolver, exit codes, and a command's flags spelled back as
// arguments (for the Slurm array tasks that run the same command).
package cli

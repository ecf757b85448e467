package cli

import (
	"context"
	"errors"
	"fmt"

	"erosion/study"
)

// ExitError carries an exit code: 2 for usage and configuration errors, 1
// for failures, 130 for interruptions.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }
func (e *ExitError) Unwrap() error { return e.Err }
func (e *ExitError) ExitCode() int { return e.Code }

// Usage marks err as a usage or configuration error (exit code 2).
func Usage(err error) error {
	if err == nil {
		return nil
	}
	return &ExitError{Code: 2, Err: err}
}

// Interrupted is err with exit code 130 and a hint of how to finish, for
// the library's interruption (study.InterruptedError): again is the command
// line, in backquotes, and what goes with it. Other errors are returned as
// they are.
func Interrupted(err error, again string) error {
	var ie *study.InterruptedError
	if errors.As(err, &ie) {
		return &ExitError{Code: 130, Err: fmt.Errorf("interrupted: %d runs recorded; %s finishes the rest", ie.Recorded, again)}
	}
	return err
}

// ExitErrorOf gives err its exit code: its own (a command's, or the
// libraries' usage errors and interruptions that carry one), 130 for any
// other interruption (cmd is the command to run again, without the
// program's name prog) and 1 for any other failure.
func ExitErrorOf(err error, prog, cmd string) *ExitError {
	var coded interface{ ExitCode() int }
	switch {
	case errors.As(err, &coded):
		return &ExitError{Code: coded.ExitCode(), Err: err}
	case errors.Is(err, context.Canceled):
		// A command without a resume hint of its own.
		return &ExitError{Code: 130, Err: fmt.Errorf("interrupted: `%s %s` stopped before it finished", prog, cmd)}
	}
	return &ExitError{Code: 1, Err: err}
}

package study

import (
	"context"
	"errors"
	"fmt"
)

// UsageError is a refusal of what the caller asked for (a dataset that does
// not verify, a subset that selects nothing, a results folder another
// writer holds, a missing path): nothing ran, and the same call fails
// again until the input changes. The command line exits 2 on it.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// ExitCode is the command line's exit code for a refusal: 2.
func (e *UsageError) ExitCode() int { return 2 }

// usage marks err (when not nil) as a UsageError.
func usage(err error) error {
	if err == nil {
		return nil
	}
	return &UsageError{err}
}

// InterruptedError is work stopped by its context: Recorded runs are in the
// results folder, and the same call again finishes the rest.
type InterruptedError struct {
	Recorded int
	Err      error
}

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("interrupted: %d runs recorded", e.Recorded)
}
func (e *InterruptedError) Unwrap() error { return e.Err }

// interrupted is err as an InterruptedError when it ends a cancelled run.
func interrupted(err error, recorded int) error {
	if Interrupted(err) {
		var ie *InterruptedError
		if errors.As(err, &ie) {
			return err
		}
		return &InterruptedError{Recorded: recorded, Err: err}
	}
	return err
}

// Interrupted reports whether err is the end of a cancelled run.
func Interrupted(err error) bool { return errors.Is(err, context.Canceled) }

// InfraError says some runs could not be executed by the backend.
type InfraError struct{ N int }

func (e *InfraError) Error() string {
	return fmt.Sprintf("%d runs could not be executed by the backend (their errors are logged as \"infrastructure failure\" warnings); a resumed run tries them again", e.N)
}

package slurm

import (
	"encoding"
	"fmt"
	"strconv"
	"time"
)

// Arg spells a flag's value v on an array task's command line: --name=v, a
// --name=e per element of a list, --name for a true switch; off, a switch
// that has an off form (off, e.g. --no-name) is given it, others nothing.
// An empty string is left out.
func Arg(name string, v any, off string) ([]string, error) {
	flag := "--" + name + "="
	switch v := v.(type) {
	case bool:
		switch {
		case v:
			return []string{"--" + name}, nil
		case off != "":
			return []string{off}, nil
		}
		return nil, nil
	case string:
		if v == "" {
			return nil, nil
		}
		return []string{flag + v}, nil
	case []string:
		var out []string
		for _, e := range v {
			out = append(out, flag+e)
		}
		return out, nil
	case int:
		return []string{flag + strconv.Itoa(v)}, nil
	case int64:
		return []string{flag + strconv.FormatInt(v, 10)}, nil
	case float64:
		return []string{flag + strconv.FormatFloat(v, 'g', -1, 64)}, nil
	case time.Duration:
		return []string{flag + v.String()}, nil
	case encoding.TextMarshaler:
		t, err := v.MarshalText()
		if err != nil {
			return nil, err
		}
		return []string{flag + string(t)}, nil
	}
	return nil, fmt.Errorf("flag --%s (%T) cannot be passed on to the Slurm tasks: teach harness/slurm's Arg its type", name, v)
}

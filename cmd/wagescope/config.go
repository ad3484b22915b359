package main

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/viper"

	"github.com/wagescope/wagescope/internal/lazyre"
	"github.com/wagescope/wagescope/internal/textdist"
	"github.com/wagescope/wagescope/pipeline"
)

// configOrigins says where each top-level key's value was set: a flag, a
// WAGESCOPE_* variable or the config file (file, "" without one); keys
// left at their defaults are absent.
func configOrigins(v *viper.Viper, file string, flags map[string]string) map[string]string {
	from := map[string]string{}
	for _, k := range pipeline.ConfigKeys() {
		switch {
		case flags[k] != "":
			from[k] = flags[k]
		case os.Getenv(envVar(k)) != "": // viper skips an empty variable too
			from[k] = "environment variable " + envVar(k)
		case file != "" && v.InConfig(k):
			from[k] = file
		}
	}
	return from
}

func envVar(key string) string { return "WAGESCOPE_" + strings.ToUpper(key) }

// configProblems turns the merged settings and the error of decoding them
// (unknown keys are not a decoding error: they are found here) into
// configuration errors that say where the value came from (origins, see
// configOrigins). Unknown keys can only come from the config file.
func configProblems(settings map[string]any, decodeErr error, origins map[string]string, file string) []error {
	var errs []error
	bad := func(from, key, format string, args ...any) {
		errs = append(errs, &pipeline.ConfigError{From: from, Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	sources, isList := settings["sources"].([]any)
	if s, ok := settings["sources"]; ok && !isList {
		sources = []any{s} // decoding reads a single value as a list of one
	}
	for _, k := range sortedKeys(settings) {
		if !slices.Contains(pipeline.ConfigKeys(), k) {
			bad(file, "", "unknown key %q%s", k, didYouMean(k, pipeline.ConfigKeys()))
		}
	}
	for i, s := range sources {
		entry, ok := s.(map[string]any)
		if !ok {
			continue // a decoding error below
		}
		for _, k := range sortedKeys(entry) {
			if !slices.ContainsFunc(pipeline.SourceKeys(), func(v string) bool { return strings.EqualFold(v, k) }) {
				bad(origins["sources"], "", "%s: unknown key %q%s", sourceLabel(sources, i), k, didYouMean(k, pipeline.SourceKeys()))
			}
		}
	}
	for _, de := range decodeErrors(decodeErr) {
		name, problem := de.Name(), decodeProblem(de)
		if m := sourceField.FindStringSubmatch(name); m != nil {
			i, _ := strconv.Atoi(m[1])
			where := sourceLabel(sources, i)
			switch {
			case m[2] != "":
				where += ": " + m[2]
			case i < len(sources):
				// mapstructure's own words name Go kinds
				problem = valueText(sources[i]) + " is not a mapping of keys to values; each entry of sources: is one, such as {name: …, kind: …, path: …}"
			}
			bad(origins["sources"], "", "%s: %s", where, problem)
			continue
		}
		top := name
		if i := strings.IndexAny(name, ".["); i >= 0 {
			top = name[:i]
		}
		bad(origins[top], name, "%s", problem)
	}
	return errs
}

// attribute fills in, on each configuration error about a top-level key,
// where that key was set (see configOrigins).
func attribute(err error, origins map[string]string) error {
	switch x := err.(type) {
	case *pipeline.ConfigError:
		if x.From == "" && x.Key != "" {
			x.From = origins[x.Key]
		}
	case interface{ Unwrap() []error }:
		for _, e := range x.Unwrap() {
			attribute(e, origins)
		}
	}
	return err
}

// sourceField is a decoding error's name inside sources:, "sources[3].since".
var sourceField = lazyre.New(`^sources\[(\d+)\](?:\.(.+))?$`)

// sourceLabel names entry i of sources: as pipeline.Config.Validate does.
func sourceLabel(sources []any, i int) string {
	name := ""
	if i < len(sources) {
		if entry, ok := sources[i].(map[string]any); ok {
			name, _ = entry["name"].(string)
		}
	}
	return pipeline.SourceLabel(i, name)
}

// strictNumbers keeps viper's weak decoding, which reads the strings of
// WAGESCOPE_* variables as numbers, from truncating a number: "threads: 2.5"
// would be 2 and "threads: true" 1.
func strictNumbers(c *mapstructure.DecoderConfig) {
	c.DecodeHook = mapstructure.ComposeDecodeHookFunc(func(from, to reflect.Type, data any) (any, error) {
		whole := to.Kind() >= reflect.Int && to.Kind() <= reflect.Uint64
		switch x := data.(type) {
		case float64:
			if whole && x != math.Trunc(x) {
				return nil, fmt.Errorf("%v is not %s", x, typeText(to))
			}
		case bool:
			if whole || to.Kind() == reflect.Float64 || to.Kind() == reflect.Float32 {
				return nil, fmt.Errorf("%v is not %s", x, typeText(to))
			}
		}
		return data, nil
	}, c.DecodeHook)
}

// decodeErrors lists the fields that failed to decode, from the tree of
// joined errors mapstructure returns.
func decodeErrors(err error) []*mapstructure.DecodeError {
	if err == nil {
		return nil
	}
	var de *mapstructure.DecodeError
	if errors.As(err, &de) && err == error(de) {
		return []*mapstructure.DecodeError{de}
	}
	var out []*mapstructure.DecodeError
	switch x := err.(type) {
	case interface{ Unwrap() []error }:
		for _, e := range x.Unwrap() {
			out = append(out, decodeErrors(e)...)
		}
	case interface{ Unwrap() error }:
		out = decodeErrors(x.Unwrap())
	}
	return out
}

// decodeProblem says what is wrong with a value in words, not Go types.
func decodeProblem(de *mapstructure.DecodeError) string {
	var pe *mapstructure.ParseError
	var ue *mapstructure.UnconvertibleTypeError
	switch {
	case errors.As(de, &pe):
		return valueText(pe.Value) + " is not " + typeText(pe.Expected.Type())
	case errors.As(de, &ue):
		return valueText(ue.Value) + " is not " + typeText(ue.Expected.Type())
	}
	if inner := errors.Unwrap(de); inner != nil {
		return inner.Error()
	}
	return de.Error()
}

func valueText(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case map[string]any, map[any]any:
		return "a mapping"
	case []any:
		return "a list"
	}
	return fmt.Sprint(v)
}

func typeText(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number, 0 or more"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "text"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a mapping of keys to values"
	}
	return t.String()
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

// didYouMean suggests the valid key nearest to a misspelt one, when one is
// within two edits.
func didYouMean(key string, valid []string) string {
	const within = 2
	best, bestDist := "", within+1
	for _, v := range valid {
		if d := textdist.Levenshtein(strings.ToLower(key), v, within); d < bestDist {
			best, bestDist = v, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

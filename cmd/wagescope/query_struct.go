package main

import (
	"bytes"
	"encoding/json"
	"strings"
)

// orderedStruct is a STRUCT value that encodes its fields in the order
// DuckDB declares them: the driver hands a STRUCT over as a Go map, whose
// keys encoding/json would sort.
type orderedStruct struct {
	keys []string
	vals map[string]any
}

func (o orderedStruct) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(k); err != nil {
			return nil, err
		}
		buf.WriteByte(':')
		if err := enc.Encode(o.vals[k]); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// inTypeOrder gives each STRUCT in v, at any depth, the field order of
// its DuckDB type typ ("STRUCT(b INTEGER, a VARCHAR[])", "STRUCT(…)[]");
// a value whose type it cannot read keeps encoding/json's order.
func inTypeOrder(v any, typ string) any {
	typ = strings.TrimSpace(typ)
	switch x := v.(type) {
	case []any:
		elem, ok := listElementType(typ)
		if !ok {
			return v
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = inTypeOrder(e, elem)
		}
		return out
	case map[string]any:
		names, types, ok := structFields(typ)
		if !ok || len(names) != len(x) {
			return v
		}
		o := orderedStruct{keys: names, vals: make(map[string]any, len(x))}
		for i, n := range names {
			e, found := x[n]
			if !found {
				return v
			}
			o.vals[n] = inTypeOrder(e, types[i])
		}
		return o
	}
	return v
}

// listElementType is the element type of a LIST or ARRAY type: "INTEGER[]"
// and "INTEGER[3]" → "INTEGER".
func listElementType(typ string) (string, bool) {
	if !strings.HasSuffix(typ, "]") {
		return "", false
	}
	open := strings.LastIndexByte(typ, '[')
	if open < 0 {
		return "", false
	}
	return typ[:open], true
}

// structFields reads "STRUCT(b INTEGER, "my key" VARCHAR)" into its field
// names and types, in order.
func structFields(typ string) (names, types []string, ok bool) {
	if !strings.HasPrefix(typ, "STRUCT(") || !strings.HasSuffix(typ, ")") {
		return nil, nil, false
	}
	for _, f := range splitTopLevel(typ[len("STRUCT(") : len(typ)-1]) {
		f = strings.TrimSpace(f)
		var name string
		if strings.HasPrefix(f, `"`) {
			// a quoted name; "" stands for one "
			end := 1
			for end < len(f) {
				if f[end] == '"' {
					if end+1 < len(f) && f[end+1] == '"' {
						end += 2
						continue
					}
					break
				}
				end++
			}
			if end >= len(f) {
				return nil, nil, false
			}
			name, f = strings.ReplaceAll(f[1:end], `""`, `"`), f[end+1:]
		} else {
			sp := strings.IndexByte(f, ' ')
			if sp < 0 {
				return nil, nil, false
			}
			name, f = f[:sp], f[sp:]
		}
		names, types = append(names, name), append(types, strings.TrimSpace(f))
	}
	return names, types, len(names) > 0
}

// splitTopLevel splits s at the commas outside parentheses, brackets and
// double quotes.
func splitTopLevel(s string) []string {
	var parts []string
	depth, start, quoted := 0, 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		case c == ',' && depth == 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

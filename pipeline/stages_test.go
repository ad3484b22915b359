package pipeline

import (
	"reflect"
	"strings"
	"testing"
)

func TestSelectStagesAddsDerivedStages(t *testing.T) {
	tests := []struct {
		only      string
		want      []string
		wantAdded []string
	}{
		{"", Stages(), nil},
		{"ingest", []string{"ingest", "normalize", "staging", "marts"}, []string{"normalize", "staging", "marts"}},
		{"normalize", []string{"normalize", "staging", "marts"}, []string{"staging", "marts"}},
		{"staging,checks", []string{"staging", "marts", "checks"}, []string{"marts"}},
		{"ingest,staging,marts,checks", []string{"ingest", "normalize", "staging", "marts", "checks"}, []string{"normalize"}},
		{"marts", []string{"marts"}, nil},
		{"report", []string{"report"}, nil},
		{"checks, report", []string{"checks", "report"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.only, func(t *testing.T) {
			var only []string
			if tt.only != "" {
				only = strings.Split(tt.only, ",")
			}
			sel, err := SelectStages(only)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range Stages() {
				if sel[s] {
					got = append(got, s)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("stages %v, want %v", got, tt.want)
			}
			if added := addedStages(only, sel); !reflect.DeepEqual(added, tt.wantAdded) {
				t.Errorf("added %v, want %v", added, tt.wantAdded)
			}
		})
	}
	if _, err := SelectStages([]string{"publish"}); err == nil || !strings.Contains(err.Error(), `unknown stage "publish"`) {
		t.Errorf("unknown stage: %v", err)
	}
}

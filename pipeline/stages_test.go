package pipeline

import (
	"reflect"
	"strings"
	"testing"
)

func TestSelectStagesAddsDerivedStages(t *testing.T) {
	tests := []struct {
		only, skip string
		want       []string
		wantAdded  []string
	}{
		{"", "", Stages(), nil},
		{"ingest", "", Stages(), []string{"normalize", "staging", "marts", "checks", "report"}},
		{"normalize", "", []string{"normalize", "staging", "marts", "checks", "report"}, []string{"staging", "marts", "checks", "report"}},
		{"staging,checks", "", []string{"staging", "marts", "checks", "report"}, []string{"marts", "report"}},
		{"ingest,staging,marts,checks", "", Stages(), []string{"normalize", "report"}},
		{"marts", "", []string{"marts", "checks", "report"}, []string{"checks", "report"}},
		{"report", "", []string{"report"}, nil},
		{"checks, report", "", []string{"checks", "report"}, nil},
		{"ingest,staging,marts", "checks,report", []string{"ingest", "normalize", "staging", "marts"}, []string{"normalize"}},
		{"", "report", []string{"ingest", "normalize", "staging", "marts", "checks"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.only+" skip "+tt.skip, func(t *testing.T) {
			var only, skip []string
			if tt.only != "" {
				only = strings.Split(tt.only, ",")
			}
			if tt.skip != "" {
				skip = strings.Split(tt.skip, ",")
			}
			sel, err := SelectStages(only, skip)
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
	errs := []struct{ only, skip, want string }{
		{"publish", "", `--only: unknown stage "publish"`},
		{"ingest", "marts", `--skip: "marts" cannot be skipped`},
		{"report", "report", "leave no stage to run"},
	}
	for _, e := range errs {
		if _, err := SelectStages(strings.Split(e.only, ","), strings.Split(e.skip, ",")); err == nil || !strings.Contains(err.Error(), e.want) {
			t.Errorf("--only %s --skip %s: %v, want %q", e.only, e.skip, err, e.want)
		}
	}
}

func TestSkipConsequenceSaysWhatIsPublished(t *testing.T) {
	tests := []struct {
		skip, want string
	}{
		{"checks", "the build is published without data checks or run-over-run guards"},
		{"report", "the site is left as it was and may show older figures than the database"},
		{"checks,report", "the build is published without data checks or run-over-run guards; the site is left as it was and may show older figures than the database"},
	}
	for _, tt := range tests {
		sel, err := SelectStages([]string{"marts"}, strings.Split(tt.skip, ","))
		if err != nil {
			t.Fatal(err)
		}
		if got := skipConsequence(sel); got != tt.want {
			t.Errorf("--skip %s: %q, want %q", tt.skip, got, tt.want)
		}
	}
}

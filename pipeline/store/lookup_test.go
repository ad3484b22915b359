package store

import (
	"context"
	"reflect"
	"testing"
)

// The same title from two sources of one rank comes in a fixed order (the
// source that vouches more first), whatever order the rows were loaded in:
// the title classifier reports the first of equal entries, and a nightly run
// must not flip a match's displayed source.
func TestTitleRefsOrderTiesBySource(t *testing.T) {
	tests := []struct {
		name  string
		loads []string // SQL run after the schema, in this order
		want  []TitleRef
	}{
		{
			name: "SOC list loaded before the OEWS list",
			loads: []string{
				`INSERT INTO raw_soc__occupations VALUES (1, NULL, 1, 'soc2018', 'detailed', '31-9095', 'Pharmacy Aides', NULL)`,
				`INSERT INTO raw_soc__occupations VALUES (2, NULL, 1, 'oews', '', '31-9095', 'Pharmacy Aides', NULL)`,
			},
			want: []TitleRef{{Code: "31-9095", Title: "Pharmacy Aides", Source: "oews"}, {Code: "31-9095", Title: "Pharmacy Aides", Source: "soc"}},
		},
		{
			name: "O*NET alternate list loaded before the reported list",
			loads: []string{
				`INSERT INTO raw_titles__onet VALUES (1, NULL, 1, '29-2011.00', 'x', 'Lab Tech', NULL, 'A,B', 'alternate')`,
				`INSERT INTO raw_titles__onet VALUES (2, NULL, 1, '29-2011.00', 'x', 'Lab Tech', NULL, NULL, 'reported')`,
			},
			want: []TitleRef{{Code: "29-2011", Title: "Lab Tech", Source: "onet_reported"}, {Code: "29-2011", Title: "Lab Tech", Source: "onet_alternate", Weight: 2}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := openTestDB(t, Options{})
			if err := db.RunDir(ctx, "schema"); err != nil {
				t.Fatal(err)
			}
			if err := db.LoadReference(ctx); err != nil {
				t.Fatal(err)
			}
			if err := db.Exec(ctx, "DELETE FROM ref_title_synonyms"); err != nil {
				t.Fatal(err)
			}
			for _, q := range tt.loads {
				if err := db.Exec(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			got, err := db.TitleRefs(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("TitleRefs = %+v, want %+v", got, tt.want)
			}
		})
	}
}

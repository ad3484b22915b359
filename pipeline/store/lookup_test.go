package store

import (
	"context"
	"reflect"
	"strings"
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

func TestResolveArea(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, Options{})
	if err := db.LoadReference(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(ctx, `CREATE TABLE dim_area AS SELECT * FROM (VALUES
		('US', 'United States', 'national'),
		('CA', 'California', 'state'),
		('NY', 'New York', 'state'),
		('35620', 'New York-Newark-Jersey City, NY-NJ-PA', 'metro'),
		('41860', 'San Francisco-Oakland-Fremont, CA', 'metro'),
		('41940', 'San Jose-Sunnyvale-Santa Clara, CA', 'metro')) AS t(area_code, area_title, area_type)`); err != nil {
		t.Fatal(err)
	}
	// every area here is the U.S., a state (postal code) or a metro
	wantType := func(code string) string {
		switch {
		case code == "US":
			return "national"
		case len(code) == 2:
			return "state"
		}
		return "metro"
	}
	tests := []struct {
		arg       string
		wantCode  string
		wantTitle string // "": not checked
		wantErr   string
	}{
		{"", "US", "United States", ""},
		{"us", "US", "", ""},
		{"NY", "NY", "New York", ""},
		{"ny", "NY", "", ""},
		{"New York", "NY", "", ""},
		{"36", "NY", "", ""},
		{" 06 ", "CA", "California", ""},
		{"california", "CA", "", ""},
		{"35620", "35620", "New York-Newark-Jersey City, NY-NJ-PA", ""},
		// the delineation's name, headed as the published figures name it
		{"New York-Newark-Jersey City, NY-NJ", "35620", "New York-Newark-Jersey City, NY-NJ-PA", ""},
		// a metro only the delineation knows keeps its name and type
		{"Buffalo-Cheektowaga, NY", "15380", "Buffalo-Cheektowaga, NY", ""},
		{"Oakland", "41860", "San Francisco-Oakland-Fremont, CA", ""},
		{"San Jose-Sunnyvale-Santa Clara, CA", "41940", "", ""},
		{"99", "", "", "no state has FIPS code 99"},
		{"02", "", "", "Alaska (AK) has no published figures"},
		{"AK", "", "", "Alaska (AK) has no published figures"}, // not a part of "Oakland"
		{"San", "", "", "ambiguous"},
		{"Atlantis", "", "", "not found among the published areas"},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			got, err := db.ResolveArea(ctx, tt.arg)
			switch {
			case tt.wantErr == "" && (err != nil || got.Code != tt.wantCode || (tt.wantTitle != "" && got.Title != tt.wantTitle)):
				t.Errorf("ResolveArea(%q) = %+v, %v; want %s %q", tt.arg, got, err, tt.wantCode, tt.wantTitle)
			case tt.wantErr == "" && got.Type != wantType(got.Code):
				t.Errorf("ResolveArea(%q).Type = %q, want %q", tt.arg, got.Type, wantType(got.Code))
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("ResolveArea(%q) = %+v, %v; want an error with %q", tt.arg, got, err, tt.wantErr)
			}
		})
	}
}

package normalize

import (
	"testing"
	"unicode/utf8"
)

// The corrupted cases are titles of the NYC Jobs 2022 extract
// (shared/data/postings/nyc_jobs_2022_extract/NYC_Jobs.csv, whose file
// holds them so) and the same text as Windows-1252 would have turned it.
func TestRepairMojibake(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"nyc 2022 en dash read as Latin-1", "Investigator \u00e2\u0080\u0093 Racial Profiling and Biased Policing", "Investigator – Racial Profiling and Biased Policing"},
		{"nyc 2022 apostrophe read as Latin-1", "Senior Director, Research, Mayor\u00e2\u0080\u0099s Office of Community Mental Health", "Senior Director, Research, Mayor’s Office of Community Mental Health"},
		{"nyc 2022 dash then two spaces", "AGENCY ATTORNEY 1 \u00e2\u0080\u0093  EARLY INTERVENTION UNIT", "AGENCY ATTORNEY 1 –  EARLY INTERVENTION UNIT"},
		{"en dash read as Windows-1252", "Business Analyst â€“ Product Owner", "Business Analyst – Product Owner"},
		{"accent read as Windows-1252", "Ingénieur de données", "Ingénieur de données"},
		{"no-break space read as Latin-1", "Data\u00c2\u00a0Analyst", "Data\u00a0Analyst"},
		{"ascii", "Medical Technologist", "Medical Technologist"},
		{"right accents stay", "Café Manager, Señor Developer", "Café Manager, Señor Developer"},
		{"right en dash stays", "Data Scientist – NLP", "Data Scientist – NLP"},
		{"right curly quotes stay", "“Chief” Mayor’s Office", "“Chief” Mayor’s Office"},
		{"a character outside the code pages keeps it all", "Engineer \u00e2\u0080\u0093 東京", "Engineer \u00e2\u0080\u0093 東京"},
		{"latin-1 letters that are not UTF-8 stay", "Ã Ã", "Ã Ã"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RepairMojibake(tt.in); got != tt.want {
				t.Errorf("RepairMojibake(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzRepairMojibake(f *testing.F) {
	for _, s := range []string{"Investigator \u00e2\u0080\u0093 Racial", "â€“", "Café", "\xff\xfe", "Data\u00c2\u00a0Analyst"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := RepairMojibake(s)
		if got == s {
			return
		}
		// A repair only ever happens to valid text, gives valid text, and
		// shortens it: each repaired character was two or more.
		if !utf8.ValidString(s) || !utf8.ValidString(got) || len(got) >= len(s) {
			t.Fatalf("RepairMojibake(%q) = %q", s, got)
		}
	})
}

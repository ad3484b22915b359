package normalize

import "testing"

func TestTitleIndexMatch(t *testing.T) {
	ix := NewTitleIndex([]TitleEntry{
		{Code: "29-2010", Title: "Clinical Laboratory Technologists and Technicians", Source: "oews"},
		{Code: "29-2011", Title: "Medical and Clinical Laboratory Technologists", Source: "soc"},
		{Code: "29-2012", Title: "Medical and Clinical Laboratory Technicians", Source: "soc"},
		{Code: "29-1141", Title: "Registered Nurses", Source: "oews"},
		{Code: "13-2011", Title: "Accountants and Auditors", Source: "oews"},
		{Code: "13-2011", Title: "CPA", Source: "projections_alternate"},
		{Code: "49-9062", Title: "Medical Equipment Repairers", Source: "oews"},
	})
	tests := []struct {
		name       string
		query      string
		wantCode   string
		wantMethod string
	}{
		{"exact ignoring case and plural", "registered nurse", "29-1141", "exact:oews"},
		{"alternate title", "cpa", "13-2011", "exact:projections_alternate"},
		{"partial title prefers the explaining candidate", "medical technologist", "29-2011", "tokens:soc"},
		{"punctuation and ampersand", "Clinical Laboratory Technologists & Technicians", "29-2010", "exact:oews"},
		{"unrelated title is unknown", "astronaut", "", "unknown"},
		{"empty title is unknown", "  ", "", "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ix.Match(tt.query)
			if got.Code != tt.wantCode || got.Method != tt.wantMethod {
				t.Fatalf("Match(%q) = %s %s (score %.3f), want %s %s", tt.query, got.Code, got.Method, got.Score, tt.wantCode, tt.wantMethod)
			}
		})
	}
}

func TestTitleTokens(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"Medical and Clinical Laboratory Technologists", "medical clinical laboratory technologist"},
		{"Secretaries & Administrative Assistants", "secretary administrative assistant"},
		{"Bus Drivers, Transit", "bus driver transit"},
		{"Analysis", "analysis"},
	}
	for _, tt := range tests {
		got := TitleTokens(tt.in)
		if j := join(got); j != tt.want {
			t.Errorf("TitleTokens(%q) = %q, want %q", tt.in, j, tt.want)
		}
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

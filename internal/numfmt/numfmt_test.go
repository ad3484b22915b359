package numfmt

import "testing"

func TestFormats(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"annual wage", USD(60780), "$60,780"},
		{"top-code", USD(239200), "$239,200"},
		{"hourly wage keeps cents", USD(30.22), "$30.22"},
		{"hourly top-code", USD(115), "$115"},
		{"hourly keeps zero cents", HourlyUSD(13), "$13.00"},
		{"hourly top-code bound", HourlyUSD(115), "$115.00"},
		{"hourly median", HourlyUSD(20.5), "$20.50"},
		{"ordinal 1", Ordinal(1), "1st"},
		{"ordinal 2", Ordinal(2), "2nd"},
		{"ordinal 3", Ordinal(3), "3rd"},
		{"ordinal 4", Ordinal(4), "4th"},
		{"ordinal 11", Ordinal(11), "11th"},
		{"ordinal 12", Ordinal(12), "12th"},
		{"ordinal 13", Ordinal(13), "13th"},
		{"ordinal 21", Ordinal(21), "21st"},
		{"ordinal 22", Ordinal(22), "22nd"},
		{"ordinal 42", Ordinal(42), "42nd"},
		{"ordinal 53", Ordinal(53), "53rd"},
		{"ordinal 72", Ordinal(72), "72nd"},
		{"ordinal 90", Ordinal(90), "90th"},
		{"ordinal 111", Ordinal(111), "111th"},
		{"ordinal 0", Ordinal(0), "0th"},
		{"large count", Count(151853870), "151,853,870"},
		{"count rounds", Count(342899.6), "342,900"},
		{"small count", Count(840), "840"},
		{"negative", Group(-19200, 0), "-19,200"},
		{"negative rounding to zero", Group(-0.2, 0), "0"},
		{"decimals", Group(1538.4, 1), "1,538.4"},
		{"one posting", Counted(1, "distinct posting", "distinct postings"), "1 distinct posting"},
		{"postings", Counted(12, "distinct posting", "distinct postings"), "12 distinct postings"},
		{"no postings", Counted(0, "distinct posting", "distinct postings"), "0 distinct postings"},
		{"many postings, grouped", Counted(32171, "posting", "postings"), "32,171 postings"},
		{"release", ReleaseLabel("2023-05"), "May 2023"},
		{"cycle passes through", ReleaseLabel("2022-2032"), "2022-2032"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

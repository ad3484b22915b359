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
		{"large count", Count(151853870), "151,853,870"},
		{"count rounds", Count(342899.6), "342,900"},
		{"small count", Count(840), "840"},
		{"negative", Group(-19200, 0), "-19,200"},
		{"negative rounding to zero", Group(-0.2, 0), "0"},
		{"decimals", Group(1538.4, 1), "1,538.4"},
		{"release", ReleaseLabel("2023-05"), "May 2023"},
		{"cycle passes through", ReleaseLabel("2022-2032"), "2022-2032"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

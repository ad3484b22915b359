package pipeline

import "testing"

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"4GiB", 4 << 30, false},
		{"2 gib", 2 << 30, false},
		{"500MB", 500e6, false},
		{"1.5GB", 1.5e9, false},
		{"64KiB", 64 << 10, false},
		{"1048576", 1 << 20, false},
		{"10b", 10, false},
		{"", 0, true},
		{"GiB", 0, true},
		{"-1GB", 0, true},
		{"0", 0, true},
		{"lots", 0, true},
		{"9000000TB", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseByteSize(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("parseByteSize(%q) = %d, %v; want %d (error %v)", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

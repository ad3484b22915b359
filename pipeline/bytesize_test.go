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

// checkMemoryLimit takes what DuckDB 1.5.5 reads as a size of at least
// 128MB and refuses the rest before DuckDB would, at open or in a run.
func TestCheckMemoryLimit(t *testing.T) {
	tests := []struct {
		in    string
		valid bool
	}{
		{"4GB", true},
		{"2.5GiB", true},
		{"4 GB", true},
		{"512mb", true},
		{"4G", true},
		{"1TB", true},
		{"128 megabytes", true},
		{"128MB", true},
		{"123MiB", true},
		{"122MiB", false},
		{"100 megabytes", false},
		{"127MB", false},
		{"0.0000001KB", false},
		{"1k", false},
		{".5GB", true},
		{"4", false},
		{"lots", false},
		{"4XB", false},
		{"80%", false},
		{"0GB", false},
		{"-1GB", false},
		{"4GBs", false},
		{"1GB2", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if err := checkMemoryLimit(tt.in); (err == nil) != tt.valid {
				t.Errorf("checkMemoryLimit(%q) = %v, want valid %v", tt.in, err, tt.valid)
			}
		})
	}
}

package frontend

import "testing"

func TestNegotiate(t *testing.T) {
	both := []string{encBrotli, encGzip}
	for _, tc := range []struct {
		accept    string
		available []string
		want      string
	}{
		{"", both, ""},
		{"gzip, deflate, br, zstd", both, "br"},
		{"gzip, deflate", both, "gzip"},
		{"br;q=0.5, gzip", both, "gzip"},
		{"br;q=0, gzip;q=0.1", both, "gzip"},
		{"br;q=0, gzip;q=0", both, ""},
		{"BR", both, "br"},
		{"x-gzip", both, "gzip"},
		{"*", both, "br"},
		{"*;q=0, identity", both, ""},
		{"gzip;q=0.2, identity;q=0.5", both, ""},
		{"gzip;q=0.8, identity;q=0.5", both, "gzip"},
		{"br", []string{encGzip}, ""},
		{"br, gzip", nil, ""},
		{"gzip;q=abc, br;q=2", both, ""},
		{" gzip ; q = 0.9 , br ; q=0.8", both, "gzip"},
	} {
		if got := negotiate(tc.accept, tc.available); got != tc.want {
			t.Errorf("negotiate(%q, %v) = %q, want %q", tc.accept, tc.available, got, tc.want)
		}
	}
}

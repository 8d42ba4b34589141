package bench

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestSample(t *testing.T) {
	s := Sample{5, 1, 9, 3, 7}
	if s.Median() != 5 || s.Min() != 1 || s.Max() != 9 {
		t.Errorf("median/min/max = %v/%v/%v", s.Median(), s.Min(), s.Max())
	}
	if m := (Sample{4, 1, 3, 2}).Median(); m != 2.5 {
		t.Errorf("even median = %v, want 2.5", m)
	}
	ds := make([]time.Duration, 100)
	for i := range ds {
		ds[i] = time.Duration(100-i) * time.Millisecond
	}
	if p := Percentile(ds, 50); p != 50*time.Millisecond {
		t.Errorf("p50 = %v", p)
	}
	if p := Percentile(ds, 99); p != 99*time.Millisecond {
		t.Errorf("p99 = %v", p)
	}
}

func TestTablePrint(t *testing.T) {
	var tb Table
	tb.Title = "bench"
	tb.Add(Row{Metric: "click to iframe", Unit: "ms", Values: Sample{3, 1, 2, 5, 4}, Target: "<= 16"})
	var b strings.Builder
	tb.Print(&b)
	if !strings.Contains(b.String(), "click to iframe  3.00    1.00–5.00  5") {
		t.Errorf("table:\n%s", b.String())
	}
}

func TestLoadCountsAndBounds(t *testing.T) {
	var calls atomic.Int64
	res := Load(context.Background(), 8, 100, 10*time.Second, func(ctx context.Context, w int) (int, error) {
		n := calls.Add(1)
		if n%10 == 0 {
			return 0, errors.New("boom")
		}
		if n%5 == 0 {
			return 429, nil
		}
		return 200, nil
	})
	if res.Requests != 100 || calls.Load() != 100 {
		t.Fatalf("requests = %d (calls %d), want 100", res.Requests, calls.Load())
	}
	if res.ErrCount != 10 || res.Status[429] != 10 || res.Status[200] != 80 {
		t.Errorf("errors %d, statuses %v", res.ErrCount, res.Status)
	}
	t0 := time.Now()
	res = Load(context.Background(), 4, 0, 200*time.Millisecond, func(ctx context.Context, w int) (int, error) {
		time.Sleep(time.Millisecond)
		return 200, nil
	})
	if el := time.Since(t0); el > 2*time.Second || res.Requests == 0 {
		t.Errorf("duration-bound run: %d requests in %v", res.Requests, el)
	}
}

func TestLoadResultAdd(t *testing.T) {
	var sum LoadResult
	sum.Add(LoadResult{Requests: 3, Status: map[int]int{200: 2, 429: 1}, Elapsed: time.Second, Latencies: []time.Duration{1, 2}})
	sum.Add(LoadResult{Requests: 2, Status: map[int]int{200: 1}, ErrCount: 1, Errors: []error{errors.New("reset")},
		Elapsed: time.Second, Latencies: []time.Duration{3}})
	if sum.Requests != 5 || sum.Status[200] != 3 || sum.Status[429] != 1 || sum.ErrCount != 1 || len(sum.Errors) != 1 {
		t.Errorf("merged counts: %+v", sum)
	}
	if len(sum.Latencies) != 3 || sum.OKPerSecond() != 1.5 {
		t.Errorf("merged latencies %v, %v ok/s; want 3 and 1.5", sum.Latencies, sum.OKPerSecond())
	}
}

//go:build js && wasm

package connect

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// TestNoLeak runs a thousand flows that end every way a flow ends and
// checks that nothing grows: iframes and other elements on the page,
// window's message listeners, goroutines, and flows the garbage collector
// cannot free (as an unreleased js.Func would keep its flow).
func TestNoLeak(t *testing.T) {
	const flows = 1000
	c := newClient(t, Config{})
	var freed atomic.Int32
	// run runs flow i to its end, one of five ways.
	run := func(i int) {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if i%5 == 4 {
			res := make(chan connectResult, 1)
			go func() {
				s, err := c.Connect(ctx, Options{App: "slack"})
				res <- connectResult{s, err}
			}()
			waitFor(t, "the iframe", func() bool { return connectFrames(t) == 1 })
			post(t, `{type:"success", authProvisionId:"apn_1"}`)
			post(t, closeMsg)
			if r := <-res; r.err != nil || r.s.ID != "apn_1" {
				t.Fatalf("flow %d: Connect = %+v, %v", i, r.s, r.err)
			}
			return
		}
		r := newRecorder()
		if err := c.ConnectAccount(ctx, r.opts(Options{App: "slack"})); err != nil {
			t.Fatalf("flow %d: %v", i, err)
		}
		c.mu.Lock()
		runtime.SetFinalizer(c.flow, func(*flow) { freed.Add(1) })
		c.mu.Unlock()
		want := notClosed
		switch i % 5 {
		case 0:
			post(t, `{type:"success", authProvisionId:"apn_1"}`)
			post(t, closeMsg)
			want = "close {Successful:true Completed:true Cancelled:false}"
		case 1:
			post(t, closeMsg)
		case 2:
			cancel()
			want = cancelledSt
		case 3:
			c.Close()
			want = cancelledSt
		}
		if got := r.untilClose(t); got[len(got)-1] != want {
			t.Fatalf("flow %d: callbacks %q, want %s last", i, got, want)
		}
	}

	run(0) // warm up
	waitSpare(t, c)
	base, nFrames := snapshot(t), allFrames(t)
	freed.Store(0)
	began := time.Now()
	for i := range flows {
		run(i)
	}
	t.Logf("%d flows in %v", flows, time.Since(began))
	waitSpare(t, c)

	if n := allFrames(t); n != nFrames {
		t.Errorf("%d iframes after %d flows, %d before", n, flows, nFrames)
	}
	// Callback and watch goroutines end soon after their flow.
	base.leftNothing(t, fmt.Sprintf("%d flows", flows), wait)
	// The flows that ran through ConnectAccount (four in five) are freed.
	want := int32(flows * 4 / 5)
	for deadline := time.Now().Add(wait); freed.Load() < want && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := freed.Load(); n < want {
		t.Errorf("%d of %d flows freed", n, want)
	}
}

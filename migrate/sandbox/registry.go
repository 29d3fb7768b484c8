package sandbox

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

var (
	liveMu sync.Mutex
	live   = map[*Server]struct{}{}

	sigMu       sync.Mutex
	sigDisabled bool
	sigOnce     sync.Once
)

// register records a live non-Keep server so that CloseAll and the signal
// handler can clean it up.
func register(s *Server) {
	installSignalHandler()
	liveMu.Lock()
	live[s] = struct{}{}
	liveMu.Unlock()
}

func unregister(s *Server) {
	liveMu.Lock()
	delete(live, s)
	liveMu.Unlock()
}

// CloseAll closes every live non-Keep server of this process (containers are
// purged, FromDSN scratch databases dropped). Programs that handle SIGINT
// themselves call it from their handler after DisableSignalHandler.
func CloseAll(ctx context.Context) error {
	liveMu.Lock()
	servers := make([]*Server, 0, len(live))
	for s := range live {
		servers = append(servers, s)
	}
	liveMu.Unlock()

	errs := make(chan error, len(servers))
	for _, s := range servers {
		go func() { errs <- s.Close() }()
	}
	var all []error
	for range servers {
		select {
		case err := <-errs:
			all = append(all, err)
		case <-ctx.Done():
			return errors.Join(append(all, ctx.Err())...)
		}
	}
	return errors.Join(all...)
}

// DisableSignalHandler stops Start/FromDSN from installing the SIGINT/SIGTERM
// handler. Call it before the first Start if the program installs its own
// handler (which should then call CloseAll). It has no effect once the
// handler is installed.
func DisableSignalHandler() {
	sigMu.Lock()
	sigDisabled = true
	sigMu.Unlock()
}

// installSignalHandler installs, once per process, a handler for SIGINT and
// SIGTERM that closes every live server and then re-raises the signal with
// the default disposition, so that the process dies of it as it would have
// without us (a shell reports 130 / 143). If re-raising does not kill the
// process, it exits with 128+signal.
func installSignalHandler() {
	sigMu.Lock()
	disabled := sigDisabled
	sigMu.Unlock()
	if disabled {
		return
	}
	sigOnce.Do(func() {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
		go func() {
			sig := <-ch
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			_ = CloseAll(ctx)
			cancel()
			signal.Reset(os.Interrupt, syscall.SIGTERM)
			code := 130
			if sig == syscall.SIGTERM {
				code = 143
			}
			if p, err := os.FindProcess(os.Getpid()); err == nil {
				_ = p.Signal(sig)
				time.Sleep(2 * time.Second)
			}
			os.Exit(code)
		}()
	})
}

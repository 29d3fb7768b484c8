package sandbox

import (
	"errors"
	"os"
	"syscall"
)

// processExists reports whether pid is a live process in our pid namespace.
func processExists(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// pidNamespace identifies our pid namespace ("pid:[4026531836]"), so that
// pids in labels are only compared within the same namespace.
func pidNamespace() string {
	ns, err := os.Readlink("/proc/self/ns/pid")
	if err != nil {
		return ""
	}
	return ns
}

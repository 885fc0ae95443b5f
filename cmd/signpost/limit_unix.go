//go:build unix

package main

import "syscall"

// limitMemory caps this process's address space, so that runaway
// allocation fails at once instead of taking the machine's memory.
func limitMemory(bytes uint64) {
	_ = syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: bytes, Max: bytes})
}

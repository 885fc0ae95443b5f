//go:build !unix

package main

// limitMemory is best effort: only Unix systems can cap the address space.
func limitMemory(uint64) {}

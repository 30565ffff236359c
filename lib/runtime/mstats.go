// Memory statistics: ReadMemStats fills gc's MemStats with the figures talpa's allocator
// and collector keep (runtime/extern.cpp); the others stay zero.
package runtime

// Defined in runtime/extern.cpp, which writes m's fields by gc's layout of MemStats. It
// allocates nothing, so a program can count its own allocations between two calls.
func readmemstats(m *MemStats)

// MemStats records statistics about the memory allocator, with gc's fields. talpa fills
// Alloc, TotalAlloc, Sys, Mallocs, Frees, HeapAlloc, HeapSys, HeapIdle, HeapInuse,
// HeapObjects, NextGC, PauseTotalNs, PauseNs (the last 256 pauses), NumGC, NumForcedGC
// and EnableGC; the others are zero. runtime/extern.cpp mirrors its layout.
type MemStats struct {
	Alloc      uint64
	TotalAlloc uint64
	Sys        uint64
	Lookups    uint64
	Mallocs    uint64
	Frees      uint64

	HeapAlloc    uint64
	HeapSys      uint64
	HeapIdle     uint64
	HeapInuse    uint64
	HeapReleased uint64
	HeapObjects  uint64

	StackInuse  uint64
	StackSys    uint64
	MSpanInuse  uint64
	MSpanSys    uint64
	MCacheInuse uint64
	MCacheSys   uint64
	BuckHashSys uint64
	GCSys       uint64
	OtherSys    uint64

	NextGC        uint64
	LastGC        uint64
	PauseTotalNs  uint64
	PauseNs       [256]uint64
	PauseEnd      [256]uint64
	NumGC         uint32
	NumForcedGC   uint32
	GCCPUFraction float64
	EnableGC      bool
	DebugGC       bool

	BySize [61]struct {
		Size    uint32
		Mallocs uint64
		Frees   uint64
	}
}

// ReadMemStats fills m with the memory allocator's statistics.
func ReadMemStats(m *MemStats) {
	readmemstats(m)
}

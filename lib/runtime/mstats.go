// Memory statistics: ReadMemStats fills gc's MemStats with the figures talpa's allocator
// and collector keep (runtime/extern.cpp); the others stay zero.
package runtime

// Defined in runtime/extern.cpp: stores msCount figures, in the order of the constants
// below.
func readmemstats(out *[msCount]uint64)

const (
	msNumGC = iota
	msNumForcedGC
	msHeapAlloc
	msTotalAlloc
	msHeapSys
	msHeapInuse
	msMallocs
	msFrees
	msPauseTotalNs
	msLastPauseNs
	msNextGC
	msCount
)

// MemStats records statistics about the memory allocator, with gc's fields. talpa fills
// Alloc, TotalAlloc, Sys, Mallocs, Frees, HeapAlloc, HeapSys, HeapIdle, HeapInuse,
// HeapObjects, NextGC, PauseTotalNs, PauseNs (the last pause), NumGC, NumForcedGC and
// EnableGC; the others are zero.
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
	var s [msCount]uint64
	readmemstats(&s)
	*m = MemStats{}
	m.HeapAlloc = s[msHeapAlloc]
	m.Alloc = m.HeapAlloc
	m.TotalAlloc = s[msTotalAlloc]
	m.HeapSys = s[msHeapSys]
	m.Sys = m.HeapSys
	m.HeapInuse = s[msHeapInuse]
	if m.HeapSys > m.HeapInuse {
		m.HeapIdle = m.HeapSys - m.HeapInuse
	}
	m.Mallocs = s[msMallocs]
	m.Frees = s[msFrees]
	if m.Mallocs > m.Frees {
		m.HeapObjects = m.Mallocs - m.Frees
	}
	m.NextGC = s[msNextGC]
	m.PauseTotalNs = s[msPauseTotalNs]
	m.NumGC = uint32(s[msNumGC])
	m.NumForcedGC = uint32(s[msNumForcedGC])
	if m.NumGC > 0 {
		m.PauseNs[(m.NumGC+255)%256] = s[msLastPauseNs]
	}
	m.EnableGC = true // as gc's: true even with GOGC=off
}

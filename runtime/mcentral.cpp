// Central free lists, one per span class; mirrors runtime/mcentral.go.
//
// An mcentral holds the spans of its class that no mcache holds, in two lists: partial
// (at least one free slot) and full. An mcache whose span runs out gives it back
// (uncacheSpan) and asks for another (cacheSpan): the first partial span, else a new
// span of class_to_allocnpages pages from the heap. Spans of scan and noscan classes
// never mix, so the collector never looks at a noscan span's memory.
//
// gc keeps swept and unswept spans apart (two sets of each list, told apart by sweepgen)
// because it sweeps lazily and concurrently; talpa sweeps every span with the world
// stopped (mgcsweep.cpp), which rebuilds both lists, so every listed span is swept and
// one set suffices. Lazy sweeping would bring back the split: cacheSpan would sweep an
// unswept span before handing it out.
#include "malloc.h"

namespace runtime {

// Runs on any goroutine (through its mcache's refill); takes the mcentral's lock, then
// the heap's for a new span.
mspan *mcentral::cacheSpan() {
  runtime::lock(&this->lock);
  mspan *s = partial.first;
  if (s != nullptr) {
    partial.remove(s);
    s->inList = 0;
    runtime::unlock(&this->lock);
    return s;
  }
  runtime::unlock(&this->lock);
  uint8_t sc = spanclass >> 1;
  return mheap_.alloc(sizeclasses.class_to_allocnpages[sc], spanclass);
}

// Runs on any goroutine (refill, releaseAll); takes the mcentral's lock.
void mcentral::uncacheSpan(mspan *s) {
  runtime::lock(&this->lock);
  if (s->allocCount == s->nelems) {
    full.insert(s);
  } else {
    partial.insert(s);
  }
  s->inList = 1;
  runtime::unlock(&this->lock);
}

} // namespace runtime

// What chan.cpp and select.cpp share; mirrors the helpers of runtime/chan.go that
// select.go calls.
#ifndef TALPA_RUNTIME_CHAN_H
#define TALPA_RUNTIME_CHAN_H

#include "malloc.h"

namespace runtime {

// Element i of c's buffer. Go: chanbuf.
inline uint8_t *chanbuf(talpa::abi::hchan *c, uintptr_t i) {
  return static_cast<uint8_t *>(c->buf) + i * c->elemsize;
}

// c's lock, kept in the hchan's lock word. Go: c.lock.
inline mutex *chanlock(talpa::abi::hchan *c) { return reinterpret_cast<mutex *>(&c->lock); }
static_assert(sizeof(mutex) <= sizeof(talpa::abi::hchan::lock) &&
              alignof(mutex) <= alignof(uintptr_t));

// Copies and clears of elements, with the write barrier over the destination's pointer
// words. Go: typedmemmove, typedmemclr.
void typedmemmove(const _type *t, void *dst, const void *src);
void typedmemclr(const _type *t, void *p);

// The wait queues. Go: waitq.enqueue, waitq.dequeue, waitq.dequeueSudoG.
void waitqEnqueue(talpa::abi::waitq *q, sudog *s);
sudog *waitqDequeue(talpa::abi::waitq *q);
void waitqRemove(talpa::abi::waitq *q, sudog *s);

// Completing an operation with a waiting partner sg (dequeued, c locked); both unlock
// with unlockf(arg) before readying the partner. Go: send, recv.
void sendToReceiver(talpa::abi::hchan *c, sudog *sg, const void *ep, void (*unlockf)(void *),
                    void *arg);
void recvFromSender(talpa::abi::hchan *c, sudog *sg, void *ep, void (*unlockf)(void *), void *arg);

} // namespace runtime

#endif // TALPA_RUNTIME_CHAN_H

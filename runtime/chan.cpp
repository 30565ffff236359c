// Go channels; mirrors runtime/chan.go.
//
// A channel is an hchan (abi.h): a circular buffer of dataqsiz elements (none for an
// unbuffered channel), the queues of goroutines blocked sending (sendq) and receiving
// (recvq), and a lock guarding all of it. The invariants, as gc's:
//
//     sendq non-empty  =>  the buffer is full (an unbuffered channel's is always full)
//     recvq non-empty  =>  the buffer is empty
//
// so that an operation finds its partner in one place:
//
//     send(v):  closed?                     panic "send on closed channel"
//               a receiver waits?           hand v to it directly (to its stack slot), ready it
//               room in the buffer?         append v
//               else                        enqueue a sudog with &v on sendq, park; woken by a
//                                           receiver that took v, or by close (then panic)
//     recv:     closed and buffer empty?    zero value, ok = false
//               a sender waits?             unbuffered: take its value directly; buffered
//                                           (so full): take the head, move the sender's value
//                                           to the tail; ready the sender
//               buffer non-empty?           take the head
//               else                        enqueue a sudog with the destination on recvq,
//                                           park; the sender writes there before readying us
//     close:    mark closed; wake every receiver (their values zeroed, ok = false) and every
//               sender (they panic)
//
// Values pass directly between goroutines' stacks (sendDirect/recvDirect) with the write
// barrier over the destination's pointer words, as every copy of an element is done
// (typedmemmove). A nil channel blocks forever; non-blocking forms (select with a default,
// selectnbsend/selectnbrecv) first look without the lock, as gc does: a full or empty
// channel that is open cannot proceed.
//
// The buffer is allocated with the element type, so the collector scans it precisely;
// when the element holds no pointers it lives in the hchan's own (pointer-free) block,
// whose queue pointers the collector need not follow (a waiting goroutine's sudogs are
// reachable from the goroutine).
#include "chan.h"

namespace runtime {

using talpa::abi::chantype;
using talpa::abi::hchan;
using talpa::abi::waitq;

namespace {

constexpr uintptr_t hchanSize = sizeof(hchan);
static_assert(hchanSize % 8 == 0);

// The descriptor of hchan itself, for the collector: its pointer words are buf, elemtype
// and the four queue links. Allocated with it when the element holds pointers (the
// buffer is then a separate, typed block). Go: the compiler's type of hchan.
const uint8_t hchanPtrBits[] = {0b10010100, 0b00000111}; // words 2, 4, 7, 8, 9, 10
const talpa::abi::stringStruct hchanName = {reinterpret_cast<const uint8_t *>("runtime.hchan"), 13};
const _type hchanType = {
    hchanSize, 11 * 8,       0,          0,       8,      8, talpa::abi::kinds::Struct,
    nullptr,   hchanPtrBits, &hchanName, nullptr, nullptr};

// full reports whether a send on c would block (c open). Go: full.
bool full(const hchan *c) {
  if (c->dataqsiz == 0) return __atomic_load_n(&c->recvq.first, __ATOMIC_RELAXED) == nullptr;
  return __atomic_load_n(&c->qcount, __ATOMIC_RELAXED) == c->dataqsiz;
}

// empty reports whether a receive from c would block (c open). Go: empty.
bool empty(const hchan *c) {
  if (c->dataqsiz == 0) return __atomic_load_n(&c->sendq.first, __ATOMIC_SEQ_CST) == nullptr;
  return __atomic_load_n(&c->qcount, __ATOMIC_SEQ_CST) == 0;
}

// chanparkcommit releases the channel's lock once the goroutine is parked. Go:
// chanparkcommit.
bool chanparkcommit(g *gp, void *chanLock) {
  __atomic_store_n(&gp->parkingOnChan, false, __ATOMIC_SEQ_CST);
  unlock(static_cast<mutex *>(chanLock));
  return true;
}

} // namespace

// ---- Shared with select.cpp (chan.h) ----

void typedmemmove(const _type *t, void *dst, const void *src) {
  TypedMemmove(const_cast<_type *>(t), dst, const_cast<void *>(src));
}

// typedmemclr zeroes a value of type t at p, with the barrier over its old pointers. Go:
// typedmemclr.
void typedmemclr(const _type *t, void *p) {
  if (t->size == 0) return;
  if (writeBarrier.enabled != 0 && t->ptrdata != 0)
    BulkBarrierPreWrite(const_cast<_type *>(t), p, nullptr, 1);
  __builtin_memset(p, 0, t->size);
}

// sendDirect / recvDirect copy a value between a goroutine and a waiting one's element
// slot (possibly on that goroutine's stack). Go: sendDirect, recvDirect.
static void sendDirect(const _type *t, sudog *sg, const void *src) {
  typedmemmove(t, sg->elem, src);
}
static void recvDirect(const _type *t, sudog *sg, void *dst) { typedmemmove(t, dst, sg->elem); }

void waitqEnqueue(waitq *q, sudog *s) {
  s->next = nullptr;
  auto *x = static_cast<sudog *>(q->last);
  if (x == nullptr) {
    s->prev = nullptr;
    q->first = s;
    q->last = s;
    return;
  }
  s->prev = x;
  x->next = s;
  q->last = s;
}

// waitqDequeue removes the first waiter, skipping select waiters whose select another
// case already won (they remove themselves once they hold the locks). Go: waitq.dequeue.
sudog *waitqDequeue(waitq *q) {
  for (;;) {
    auto *s = static_cast<sudog *>(q->first);
    if (s == nullptr) return nullptr;
    sudog *y = s->next;
    if (y == nullptr) {
      q->first = nullptr;
      q->last = nullptr;
    } else {
      y->prev = nullptr;
      q->first = y;
      s->next = nullptr;
    }
    uint32_t open = 0;
    if (s->isSelect && !__atomic_compare_exchange_n(&s->g_->selectDone, &open, 1, false,
                                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
      continue;
    return s;
  }
}

// waitqRemove unlinks s wherever it is in q (or nowhere, if a waker dequeued it).
// Go: waitq.dequeueSudoG.
void waitqRemove(waitq *q, sudog *s) {
  sudog *x = s->prev, *y = s->next;
  if (x != nullptr) {
    if (y != nullptr) {
      x->next = y;
      y->prev = x;
      s->next = nullptr;
      s->prev = nullptr;
      return;
    }
    x->next = nullptr;
    q->last = x;
    s->prev = nullptr;
    return;
  }
  if (y != nullptr) {
    y->prev = nullptr;
    q->first = y;
    s->next = nullptr;
    return;
  }
  if (q->first == s) {
    q->first = nullptr;
    q->last = nullptr;
  }
}

// sendToReceiver completes a send of ep to the waiting receiver sg (dequeued; c locked
// and its buffer empty), then unlocks with unlockf(arg) and readies the receiver.
// Go: send.
void sendToReceiver(hchan *c, sudog *sg, const void *ep, void (*unlockf)(void *), void *arg) {
  if (sg->elem != nullptr) {
    sendDirect(c->elemtype, sg, ep);
    sg->elem = nullptr;
  }
  g *gp = sg->g_;
  unlockf(arg);
  gp->param = sg;
  sg->success = true;
  goready(gp);
}

// recvFromSender completes a receive on c from the waiting sender sg (dequeued; c locked,
// and full if buffered), writing the value to ep (nil: discard), then unlocks with
// unlockf(arg) and readies the sender. Go: recv.
void recvFromSender(hchan *c, sudog *sg, void *ep, void (*unlockf)(void *), void *arg) {
  if (c->dataqsiz == 0) {
    if (ep != nullptr) recvDirect(c->elemtype, sg, ep);
  } else {
    uint8_t *qp = chanbuf(c, c->recvx);
    if (ep != nullptr) typedmemmove(c->elemtype, ep, qp);
    typedmemmove(c->elemtype, qp, sg->elem);
    c->recvx++;
    if (c->recvx == c->dataqsiz) c->recvx = 0;
    c->sendx = c->recvx;
  }
  sg->elem = nullptr;
  g *gp = sg->g_;
  unlockf(arg);
  gp->param = sg;
  sg->success = true;
  goready(gp);
}

// ---- Entry points ----

// MakeChan: make(chan T, size). Go: makechan.
extern "C" void *MakeChan(void *typ, int64_t size) {
  auto *t = static_cast<const chantype *>(typ);
  const _type *elem = t->elem;
  // The compiler checks both (gc too); a descriptor that breaks them is a bug.
  if (elem->size >= uintptr_t(1) << 16) throw_("makechan: invalid channel element type");
  if (elem->align > 8) throw_("makechan: bad alignment");
  uintptr_t mem;
  if (size < 0 || __builtin_mul_overflow(elem->size, static_cast<uintptr_t>(size), &mem) ||
      mem > maxAlloc - hchanSize)
    panicPlainError("makechan: size out of range");
  hchan *c;
  if (mem == 0) {
    // Unbuffered, or elements of size zero: no buffer; buf points at the hchan itself
    // (any non-nil address serves, nothing is ever copied through it).
    c = static_cast<hchan *>(mallocgc(hchanSize, nullptr, true));
    c->buf = c;
  } else if (elem->ptrdata == 0) {
    // One pointer-free block: the hchan, then the buffer.
    c = static_cast<hchan *>(mallocgc(hchanSize + mem, nullptr, true));
    c->buf = reinterpret_cast<uint8_t *>(c) + hchanSize;
  } else {
    c = static_cast<hchan *>(mallocgc(hchanSize, &hchanType, true));
    c->buf = mallocgc(mem, elem, true);
  }
  c->elemsize = static_cast<uint16_t>(elem->size);
  c->elemtype = elem;
  c->dataqsiz = static_cast<uintptr_t>(size);
  return c;
}

// chansend sends *ep on c; without block it returns false instead of blocking. Go:
// chansend.
static bool chansend(hchan *c, const void *ep, bool block) {
  if (c == nullptr) {
    if (!block) return false;
    gopark(nullptr, nullptr, waitReason::chansendnilchan);
    throw_("unreachable");
  }
  // Not ready (open and full): fail without the lock. closed is read after full: a
  // channel that was full and is open now was open when it was full.
  if (!block && __atomic_load_n(&c->closed, __ATOMIC_RELAXED) == 0 && full(c)) return false;
  lock(chanlock(c));
  if (c->closed != 0) {
    unlock(chanlock(c));
    panicPlainError("send on closed channel");
  }
  if (sudog *sg = waitqDequeue(&c->recvq)) {
    sendToReceiver(c, sg, ep, [](void *ch) { unlock(chanlock(static_cast<hchan *>(ch))); }, c);
    return true;
  }
  if (c->qcount < c->dataqsiz) {
    typedmemmove(c->elemtype, chanbuf(c, c->sendx), ep);
    c->sendx++;
    if (c->sendx == c->dataqsiz) c->sendx = 0;
    c->qcount++;
    unlock(chanlock(c));
    return true;
  }
  if (!block) {
    unlock(chanlock(c));
    return false;
  }
  // Block: a receiver will take the value from *ep (our stack) and ready us.
  g *gp = getg();
  sudog *mysg = acquireSudog();
  mysg->releasetime = 0;
  mysg->elem = const_cast<void *>(ep);
  mysg->waitlink = nullptr;
  mysg->g_ = gp;
  mysg->isSelect = false;
  mysg->c = c;
  gp->waiting = mysg;
  gp->param = nullptr;
  waitqEnqueue(&c->sendq, mysg);
  __atomic_store_n(&gp->parkingOnChan, true, __ATOMIC_SEQ_CST);
  gopark(chanparkcommit, chanlock(c), waitReason::chansend);
  if (mysg != gp->waiting) throw_("G waiting list is corrupted");
  gp->waiting = nullptr;
  bool closed = !mysg->success;
  gp->param = nullptr;
  mysg->c = nullptr;
  releaseSudog(mysg);
  if (closed) {
    if (c->closed == 0) throw_("chansend: spurious wakeup");
    panicPlainError("send on closed channel");
  }
  return true;
}

// chanrecv receives from c into *ep (nil: discard). It returns selected = false without
// block if it would block; otherwise selected, and received = false when c is closed and
// drained (then *ep is zeroed). Go: chanrecv.
static bool chanrecv(hchan *c, void *ep, bool block, bool *received) {
  *received = false;
  if (c == nullptr) {
    if (!block) return false;
    gopark(nullptr, nullptr, waitReason::chanreceivenilchan);
    throw_("unreachable");
  }
  if (!block && empty(c)) {
    // Open and empty: cannot proceed. Closed is read after empty (a channel cannot
    // reopen), and the emptiness checked again (a send may have come in between).
    if (__atomic_load_n(&c->closed, __ATOMIC_SEQ_CST) == 0) return false;
    if (empty(c)) {
      if (ep != nullptr) typedmemclr(c->elemtype, ep);
      return true;
    }
  }
  lock(chanlock(c));
  if (c->closed != 0) {
    if (c->qcount == 0) {
      unlock(chanlock(c));
      if (ep != nullptr) typedmemclr(c->elemtype, ep);
      return true;
    }
    // Closed with data still buffered: receive it.
  } else if (sudog *sg = waitqDequeue(&c->sendq)) {
    recvFromSender(c, sg, ep, [](void *ch) { unlock(chanlock(static_cast<hchan *>(ch))); }, c);
    *received = true;
    return true;
  }
  if (c->qcount > 0) {
    uint8_t *qp = chanbuf(c, c->recvx);
    if (ep != nullptr) typedmemmove(c->elemtype, ep, qp);
    typedmemclr(c->elemtype, qp);
    c->recvx++;
    if (c->recvx == c->dataqsiz) c->recvx = 0;
    c->qcount--;
    unlock(chanlock(c));
    *received = true;
    return true;
  }
  if (!block) {
    unlock(chanlock(c));
    return false;
  }
  // Block: a sender will write into *ep and ready us (or close will).
  g *gp = getg();
  sudog *mysg = acquireSudog();
  mysg->releasetime = 0;
  mysg->elem = ep;
  mysg->waitlink = nullptr;
  gp->waiting = mysg;
  mysg->g_ = gp;
  mysg->isSelect = false;
  mysg->c = c;
  gp->param = nullptr;
  waitqEnqueue(&c->recvq, mysg);
  __atomic_store_n(&gp->parkingOnChan, true, __ATOMIC_SEQ_CST);
  gopark(chanparkcommit, chanlock(c), waitReason::chanreceive);
  if (mysg != gp->waiting) throw_("G waiting list is corrupted");
  gp->waiting = nullptr;
  bool success = mysg->success;
  gp->param = nullptr;
  mysg->c = nullptr;
  releaseSudog(mysg);
  *received = success;
  return true;
}

extern "C" void ChanSend1(void *c, void *elem) { chansend(static_cast<hchan *>(c), elem, true); }

extern "C" void ChanRecv1(void *c, void *elem) {
  bool received;
  chanrecv(static_cast<hchan *>(c), elem, true, &received);
}

extern "C" uint8_t ChanRecv2(void *c, void *elem) {
  bool received;
  chanrecv(static_cast<hchan *>(c), elem, true, &received);
  return received ? 1 : 0;
}

extern "C" uint8_t SelectNbSend(void *c, void *elem) {
  return chansend(static_cast<hchan *>(c), elem, false) ? 1 : 0;
}

extern "C" uint8_t SelectNbRecv(void *elem, void *c, void *received) {
  bool ok;
  bool selected = chanrecv(static_cast<hchan *>(c), elem, false, &ok);
  if (received != nullptr) *static_cast<uint8_t *>(received) = ok ? 1 : 0;
  return selected ? 1 : 0;
}

// CloseChan: close(c). Go: closechan.
extern "C" void CloseChan(void *ch) {
  auto *c = static_cast<hchan *>(ch);
  if (c == nullptr) panicPlainError("close of nil channel");
  lock(chanlock(c));
  if (c->closed != 0) {
    unlock(chanlock(c));
    panicPlainError("close of closed channel");
  }
  __atomic_store_n(&c->closed, 1, __ATOMIC_SEQ_CST);
  // Collect every waiter under the lock (receivers get zero values, senders will
  // panic), then ready them without it.
  sudog *list = nullptr;
  while (sudog *sg = waitqDequeue(&c->recvq)) {
    if (sg->elem != nullptr) {
      typedmemclr(c->elemtype, sg->elem);
      sg->elem = nullptr;
    }
    sg->g_->param = sg;
    sg->success = false;
    sg->parent = list; // a free link: the sudog is off every queue now
    list = sg;
  }
  while (sudog *sg = waitqDequeue(&c->sendq)) {
    sg->elem = nullptr;
    sg->g_->param = sg;
    sg->success = false;
    sg->parent = list;
    list = sg;
  }
  unlock(chanlock(c));
  // Ready in the order they were dequeued, as gc's glist (a stack: the last first).
  while (list != nullptr) {
    sudog *next = list->parent;
    list->parent = nullptr;
    goready(list->g_);
    list = next;
  }
}

} // namespace runtime

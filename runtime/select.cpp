// The select statement; mirrors runtime/select.go.
//
// The compiler lowers a select with no cases to block(), one case (with or without a
// default) to the plain or non-blocking channel operation, and anything larger to
// selectgo over an array of scase {c, elem} on its stack: sends first, receives after
// (compiler/lower/chan.cpp). selectgo:
//
//     1. poll order: the cases with a channel, in a random permutation (fastrand), so no
//        case is favoured; lock order: the same cases sorted by channel address (a heap
//        sort, constant space), so that two selects lock shared channels in one order.
//     2. lock every channel (once each, in lock order).
//     3. in poll order, the first case that can proceed now: a receive with a waiting
//        sender, a buffered value or a closed channel; a send to a closed channel
//        (panic), to a waiting receiver, or into buffer room. Done: unlock, return it.
//     4. none, and a default: unlock, return -1.
//     5. else enqueue one sudog per case (g->waiting lists them in lock order), park;
//        the unlock happens after the park (selparkcommit). The first operation that
//        dequeues one of our sudogs wins g->selectDone, does the transfer and readies us
//        with g->param = its sudog; later ones skip our sudogs (waitq dequeue).
//     6. woken: lock everything again, dequeue our sudogs from the other channels, and
//        return the case whose sudog won (a send woken by close panics).
//
// The case index returned is the index into the compiler's array (sends, then
// receives); recvOK tells a receive's ok.
#include "chan.h"

namespace runtime {

using talpa::abi::hchan;
using talpa::abi::scase;

namespace {

// A pseudo-random number in [0, n). Go: fastrandn.
uint32_t fastrandn(uint32_t n) {
  return static_cast<uint32_t>((static_cast<uint64_t>(fastrand()) * n) >> 32);
}

uintptr_t sortkey(const hchan *c) { return reinterpret_cast<uintptr_t>(c); }

// sellock locks the channels of the cases in lock order, each once. Go: sellock.
void sellock(scase *scases, const uint16_t *lockorder, int n) {
  hchan *c = nullptr;
  for (int i = 0; i < n; i++) {
    hchan *c0 = scases[lockorder[i]].c;
    if (c0 != c) {
      c = c0;
      lock(chanlock(c));
    }
  }
}

// selunlock unlocks them in reverse, each once; it must not touch the arrays after the
// last unlock (they live on the goroutine's stack, which may move on after it). Go:
// selunlock.
void selunlock(scase *scases, const uint16_t *lockorder, int n) {
  for (int i = n - 1; i >= 0; i--) {
    hchan *c = scases[lockorder[i]].c;
    if (i > 0 && c == scases[lockorder[i - 1]].c) continue; // unlocked at i-1
    unlock(chanlock(c));
  }
}

struct selectLocks {
  scase *scases;
  const uint16_t *lockorder;
  int n;
};

void selunlockf(void *arg) {
  auto *l = static_cast<selectLocks *>(arg);
  selunlock(l->scases, l->lockorder, l->n);
}

// selparkcommit unlocks every channel once the goroutine is parked, walking g->waiting
// (in lock order), which stays valid where the stack arrays might not. Go: selparkcommit.
bool selparkcommit(g *gp, void *) {
  __atomic_store_n(&gp->parkingOnChan, false, __ATOMIC_SEQ_CST);
  hchan *lastc = nullptr;
  for (sudog *sg = gp->waiting; sg != nullptr; sg = sg->waitlink) {
    // The fields of a sudog may change as soon as its channel is unlocked: unlock a
    // channel only after its last sudog.
    auto *c = static_cast<hchan *>(sg->c);
    if (c != lastc && lastc != nullptr) unlock(chanlock(lastc));
    lastc = c;
  }
  if (lastc != nullptr) unlock(chanlock(lastc));
  return true;
}

} // namespace

// Block: select {}. Go: block.
extern "C" void Block() {
  gopark(nullptr, nullptr, waitReason::selectnocases);
  throw_("unreachable");
}

// SelectGo runs a select of nsends + nrecvs cases (see the file comment); order0 is
// scratch space of 2 * (nsends + nrecvs) uint16. Returns the chosen case, or -1 for the
// default when block is false; *recvOK is a receive's ok. Go: selectgo.
extern "C" int64_t SelectGo(void *cas0, void *order0, int64_t nsends, int64_t nrecvs, uint8_t block,
                            void *recvOK) {
  auto *scases = static_cast<scase *>(cas0);
  auto ncases = static_cast<int>(nsends + nrecvs);
  auto *pollorder = static_cast<uint16_t *>(order0);
  uint16_t *lockorder = pollorder + ncases;
  bool recvok = false;
  // The poll order: a random permutation of the cases with a channel (inside-out
  // Fisher-Yates). Cases without one never proceed.
  int norder = 0;
  for (int i = 0; i < ncases; i++) {
    scase *cas = &scases[i];
    if (cas->c == nullptr) {
      cas->elem = nullptr;
      continue;
    }
    uint32_t j = fastrandn(static_cast<uint32_t>(norder + 1));
    pollorder[norder] = pollorder[j];
    pollorder[j] = static_cast<uint16_t>(i);
    norder++;
  }
  // The lock order: heap sort by channel address, starting from the poll order so that
  // cases on one channel are permuted too.
  for (int i = 0; i < norder; i++) {
    int j = i;
    hchan *c = scases[pollorder[i]].c;
    while (j > 0 && sortkey(scases[lockorder[(j - 1) / 2]].c) < sortkey(c)) {
      int k = (j - 1) / 2;
      lockorder[j] = lockorder[k];
      j = k;
    }
    lockorder[j] = pollorder[i];
  }
  for (int i = norder - 1; i >= 0; i--) {
    uint16_t o = lockorder[i];
    hchan *c = scases[o].c;
    lockorder[i] = lockorder[0];
    int j = 0;
    for (;;) {
      int k = j * 2 + 1;
      if (k >= i) break;
      if (k + 1 < i && sortkey(scases[lockorder[k]].c) < sortkey(scases[lockorder[k + 1]].c)) k++;
      if (sortkey(c) < sortkey(scases[lockorder[k]].c)) {
        lockorder[j] = lockorder[k];
        j = k;
        continue;
      }
      break;
    }
    lockorder[j] = o;
  }

  sellock(scases, lockorder, norder);
  selectLocks locks{scases, lockorder, norder};

  // Pass 1: a case that can proceed now, in poll order.
  int casi = -1;
  scase *cas = nullptr;
  hchan *c = nullptr;
  sudog *sg = nullptr;
  for (int p = 0; p < norder; p++) {
    casi = pollorder[p];
    cas = &scases[casi];
    c = cas->c;
    if (casi >= nsends) {
      if ((sg = waitqDequeue(&c->sendq)) != nullptr) {
        recvFromSender(c, sg, cas->elem, selunlockf, &locks);
        recvok = true;
        goto done;
      }
      if (c->qcount > 0) {
        uint8_t *qp = chanbuf(c, c->recvx);
        if (cas->elem != nullptr) typedmemmove(c->elemtype, cas->elem, qp);
        typedmemclr(c->elemtype, qp);
        c->recvx++;
        if (c->recvx == c->dataqsiz) c->recvx = 0;
        c->qcount--;
        selunlock(scases, lockorder, norder);
        recvok = true;
        goto done;
      }
      if (c->closed != 0) {
        selunlock(scases, lockorder, norder);
        recvok = false;
        if (cas->elem != nullptr) typedmemclr(c->elemtype, cas->elem);
        goto done;
      }
    } else {
      if (c->closed != 0) {
        selunlock(scases, lockorder, norder);
        panicPlainError("send on closed channel");
      }
      if ((sg = waitqDequeue(&c->recvq)) != nullptr) {
        sendToReceiver(c, sg, cas->elem, selunlockf, &locks);
        goto done;
      }
      if (c->qcount < c->dataqsiz) {
        typedmemmove(c->elemtype, chanbuf(c, c->sendx), cas->elem);
        c->sendx++;
        if (c->sendx == c->dataqsiz) c->sendx = 0;
        c->qcount++;
        selunlock(scases, lockorder, norder);
        goto done;
      }
    }
  }
  if (block == 0) {
    selunlock(scases, lockorder, norder);
    casi = -1;
    goto done;
  }

  {
    // Pass 2: wait on every channel, the sudogs listed on g->waiting in lock order.
    g *gp = getg();
    if (gp->waiting != nullptr) throw_("gp.waiting != nil");
    sudog **nextp = &gp->waiting;
    for (int l = 0; l < norder; l++) {
      int ci = lockorder[l];
      scase *k = &scases[ci];
      sudog *s = acquireSudog();
      s->g_ = gp;
      s->isSelect = true;
      s->elem = k->elem;
      s->releasetime = 0;
      s->c = k->c;
      *nextp = s;
      nextp = &s->waitlink;
      if (ci < nsends)
        waitqEnqueue(&k->c->sendq, s);
      else
        waitqEnqueue(&k->c->recvq, s);
    }
    gp->param = nullptr;
    __atomic_store_n(&gp->parkingOnChan, true, __ATOMIC_SEQ_CST);
    gopark(selparkcommit, nullptr, waitReason::select);

    // Pass 3: woken by the operation that won our select; take our sudogs off the
    // other channels.
    sellock(scases, lockorder, norder);
    gp->selectDone = 0;
    sg = static_cast<sudog *>(gp->param);
    gp->param = nullptr;
    casi = -1;
    cas = nullptr;
    bool caseSuccess = false;
    sudog *sglist = gp->waiting;
    for (sudog *s = gp->waiting; s != nullptr; s = s->waitlink) {
      s->isSelect = false;
      s->elem = nullptr;
      s->c = nullptr;
    }
    gp->waiting = nullptr;
    for (int l = 0; l < norder; l++) {
      int ci = lockorder[l];
      scase *k = &scases[ci];
      if (sg == sglist) {
        // Dequeued already, by the goroutine that woke us.
        casi = ci;
        cas = k;
        caseSuccess = sglist->success;
      } else if (ci < nsends) {
        waitqRemove(&k->c->sendq, sglist);
      } else {
        waitqRemove(&k->c->recvq, sglist);
      }
      sudog *next = sglist->waitlink;
      sglist->waitlink = nullptr;
      releaseSudog(sglist);
      sglist = next;
    }
    if (cas == nullptr) throw_("selectgo: bad wakeup");
    if (casi < nsends) {
      if (!caseSuccess) {
        selunlock(scases, lockorder, norder);
        panicPlainError("send on closed channel");
      }
    } else {
      recvok = caseSuccess;
    }
    selunlock(scases, lockorder, norder);
  }

done:
  if (recvOK != nullptr) *static_cast<uint8_t *>(recvOK) = recvok ? 1 : 0;
  return casi;
}

} // namespace runtime
